// Decides whether a help-desk ticket asks "where is my order?" (WISMO) and whether it is routine
// enough to auto-answer. Rules and weights, not a model: every cue that fired is reported, so an
// agent can see why. Precision beats recall: a wrong auto-answer to a refund request costs more
// than a WISMO ticket left to a human. See docs/tickets.md for the dataset and measured figures.

import { extractReferences } from './extract-references.ts';

export const TICKET_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type TicketLanguage = (typeof TICKET_LANGUAGES)[number];

export const TICKET_INTENTS = { wismo: 'wismo', other: 'other' } as const;
export type TicketIntent = (typeof TICKET_INTENTS)[keyof typeof TICKET_INTENTS];

export interface TicketInput {
  subject: string | null;
  text: string;
  /** The help desk's language tag ('de', 'fr-CA'); detected from the text when absent. */
  language?: string | null;
}

export interface TicketClassification {
  intent: TicketIntent;
  /** 0..1: how sure the classifier is of `intent` (0.5 at the decision threshold). */
  confidence: number;
  /** The given language when supported, else the detected one; null when neither is known. */
  language: TicketLanguage | null;
  /** Every cue that fired, in words, with its weight: "asks where the order is (+3)". */
  signals: string[];
  /** Why the ticket is not routine even if it is about an order's whereabouts: 'refund', 'angry', ... */
  blockers: string[];
  /** WISMO, at least `ROUTINE_MIN_CONFIDENCE`, and no blocker: safe to answer automatically. */
  routine: boolean;
}

/**
 * A ticket is WISMO when its score (the WISMO cues' weights, capped, minus the other intents'
 * weights) reaches this. Chosen on the training split of test/fixtures/tickets/labelled.jsonl as
 * the lowest score whose training precision stays at 1.0; the held-out split was not used.
 */
export const WISMO_SCORE_THRESHOLD = 2.5;
/** Positive evidence saturates: five ways of saying "where is it" do not outweigh "refund". */
export const WISMO_SCORE_CAP = 7;
/** Steepness of the score-to-confidence curve, per score point. */
export const CONFIDENCE_SLOPE = 1.2;
/** Confidence a WISMO ticket needs to be routine: about 1.5 points above the threshold. */
export const ROUTINE_MIN_CONFIDENCE = 0.85;

interface Cue {
  readonly pattern: RegExp;
  /** > 0: evidence for WISMO; < 0: evidence for another intent; 0: only a blocker. */
  readonly weight: number;
  /** What the cue means, for the agent reading `signals`. */
  readonly says: string;
  /** Set when the cue makes a ticket not routine. */
  readonly blocker?: string;
}

const cue = (pattern: RegExp, weight: number, says: string, blocker?: string): Cue =>
  blocker === undefined ? { pattern, weight, says } : { pattern, weight, says, blocker };

// All patterns run on `foldText` output: lowercase, no accents, 'ß' as 'ss', straight quotes.
// Every language's cues run on every ticket: customers mix languages ("mi pedido still not arrived").
const WISMO_CUES: readonly Cue[] = [
  // English
  cue(/\bwhere(?:'?s| is| are|s)\s+(?:my|our|the)\s+(?:order|parcel|package|stuff|delivery|shipment|items?|things)\b/, 3, 'asks where the order is'),
  cue(/\bwhere is (?:it|she)\b/, 1.5, 'asks where it is'),
  cue(/\b(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not|never|still not|not yet|still haven'?t|isn'?t)\s+(?:yet\s+)?(?:been\s+)?(?:received|arrived|arrive|got|gotten|come|came|delivered|shipped|dispatched|here)\b/, 2.5, 'says the order has not arrived'),
  cue(/\b(?:still nothing|nothing yet|nothing has arrived|no sign of|not received|(?:order|parcel|package) not arriving)\b/, 2, 'says nothing has arrived'),
  cue(/\btracking\b[^.?!]{0,60}(?:stuck|not updat|isn'?t updat|hasn'?t (?:updat|moved|changed)|not moving|no update|doesn'?t work|not working|broken)/, 2.5, 'says tracking is stuck or broken'),
  cue(/\bhow long\b[^.?!]{0,30}\b(?:shipping|delivery|to arrive|to ship)\b/, 2.5, 'asks how long delivery takes'),
  cue(/\b(?:hasn'?t|has not|not) moved\b/, 1.5, 'says the parcel has not moved'),
  cue(/\btracking (?:number|code|link|info|information|details|page)\b|\btrack (?:my|the) (?:order|parcel|package)\b/, 1.5, 'mentions tracking'),
  cue(/\bwhen (?:will|can i expect|is|does|do i|should|can i)\b[^.?!]{0,40}\b(?:arrive|ship|shipped|dispatch|dispatched|deliver|delivered|get (?:it|them|my order)|receive|be here|come)\b/, 2.5, 'asks when it will ship or arrive'),
  cue(/\b(?:status|update|news|eta)\b[^.?!]{0,30}\b(?:order|parcel|package|delivery|shipment)\b|\b(?:order|shipping|delivery) status\b|\beta\b/, 2.5, 'asks for the order status'),
  cue(/\b(?:is|has) my (?:order|parcel|package)\b[^.?!]{0,20}\b(?:on its way|shipped|dispatched|sent|left)\b|\bhas my (?:order|parcel|package) been (?:shipped|dispatched|sent)\b/, 2.5, 'asks whether it has shipped'),
  cue(/\b(?:send|give|get|have|is there|any)\b[^.?!]{0,30}\btracking (?:number|code|link)\b|\b(?:don'?t|do not) have a tracking\b/, 2.5, 'asks for the tracking number'),
  cue(/\b(?:parcel|package|order|shipment) (?:is |was |has been |got )?(?:lost|missing)\b|\blost (?:parcel|package)\b/, 2, 'fears the parcel is lost'),
  cue(/\b(?:delayed|delay)\b/, 1, 'mentions a delay'),
  cue(/\b(?:supposed to|meant to|due to|should have) (?:arrive|be here|arrived|be delivered)|\bestimated delivery\b|\bvoraussichtliche (?:zustellung|lieferung)|\bdate (?:de livraison )?estimee|\bfecha (?:de entrega )?estimada/, 2, 'says it was due already'),
  cue(/\bstill waiting\b|\bwaiting (?:for|on) (?:my|the) (?:order|parcel|package|delivery)\b/, 2.5, 'says they are still waiting'),
  cue(/\bwhere can i (?:pick|collect)\b|\bpick (?:it|the parcel) up\b|\bin welcher filiale\b|\bbenachrichtigungskarte\b|\b(?:avis de passage|point relais)\b|\b(?:oficina de correos|recoger el paquete)\b/, 2.5, 'asks where to collect the parcel'),
  cue(/\b(?:says|shows|marked|tracking says|laut \w+|indique|dice)\b[^.?!]{0,50}\b(?:delivered|zugestellt|livre|entregado|se entrego)\b[^.?!]{0,60}\b(?:but|aber|mais|pero)\b/, 2.5, 'says it shows delivered but it is not there', 'delivered but not received'),
  cue(/\b(?:isn'?t|is not|not) (?:here|in my mailbox)\b/, 1.5, 'says it is not here'),
  // German
  cue(/\bwo (?:ist|bleibt|sind|befindet sich) (?:denn |eigentlich |jetzt |gerade |endlich )?(?:meine?|das|die|unser) (?:bestellung|paket|packet|packchen|lieferung|sendung|ware)\b/, 3, 'fragt, wo die Bestellung ist'),
  cue(/\bwo (?:ist|bleibt) (?:sie|es|das paket)\b/, 1.5, 'fragt, wo sie ist'),
  cue(/\b(?:noch nicht|nicht|noch nichts|nichts|nie|keine?)\b[^.?!]{0,30}\b(?:angekommen|erhalten|bekommen|geliefert|zugestellt|verschickt|versendet|da)\b/, 2.5, 'sagt, dass nichts angekommen ist'),
  cue(/\b(?:immer noch nichts|noch nichts da|und nix|nix da|nichts angekommen)\b/, 2, 'sagt: immer noch nichts'),
  cue(/\b(?:sendungsverfolgung|paketverfolgung|sendungsnummer|trackingnummer|tracking-nummer|tracking-link|trackingcode)\b/, 1.5, 'erwähnt die Sendungsverfolgung'),
  cue(/\b(?:keine|noch keine|gibt es (?:schon )?eine) (?:sendungsnummer|trackingnummer|tracking-nummer)\b|\b(?:sendungsnummer|trackingnummer)\b[^.?!]{0,40}\bschicken\b/, 2.5, 'fragt nach der Sendungsnummer'),
  cue(/\b(?:sendungsverfolgung|sendungsnummer|tracking)\b[^.?!]{0,60}(?:keine bewegung|nicht aktualisiert|funktioniert nicht|nicht gefunden|seit tagen|seit montag)/, 2, 'sagt, die Sendungsverfolgung hängt'),
  cue(/\bwann\b[^.?!]{0,40}\b(?:kommt|ankommen|geliefert|verschickt|versendet|versandt|zugestellt|rechnen|erhalten)\b/, 2.5, 'fragt, wann sie kommt'),
  cue(/\bwie lange dauert (?:die lieferung|der versand|es noch)\b/, 2.5, 'fragt nach der Lieferzeit'),
  cue(/\b(?:lieferstatus|versandstatus|bestellstatus|status (?:meiner|der|von) (?:bestellung|lieferung|sendung))\b/, 2.5, 'fragt nach dem Lieferstatus'),
  cue(/\b(?:schon|bereits) (?:unterwegs|verschickt|versendet|versandt|raus)\b/, 2.5, 'fragt, ob sie schon verschickt ist'),
  cue(/\b(?:verloren|verschollen)\b/, 2, 'befürchtet, das Paket ist verloren'),
  cue(/\b(?:verspatet|verzogerung|verspatung)\b/, 1.5, 'erwähnt eine Verspätung'),
  cue(/\bsollte\b[^.?!]{0,30}\b(?:ankommen|kommen|da sein|zugestellt|geliefert)/, 2, 'sagt, sie sollte schon da sein'),
  cue(/\bwarte\b[^.?!]{0,40}\b(?:bestellung|paket|lieferung|sendung|ware)|\bwarte (?:seit|schon)\b/, 2, 'sagt, dass er wartet'),
  // French
  cue(/\bou (?:est|en est|se trouve|sont)\b[^.?!]{0,15}\b(?:ma commande|mon colis|mon paquet|ma livraison|mes articles|mon envoi)\b|\b(?:elle|il) est ou\b/, 3, 'demande où est la commande'),
  cue(/\bou est-(?:elle|il)\b|\bou en est\b/, 1.5, 'demande où elle en est'),
  cue(/\b(?:pas|toujours pas|jamais|rien)\b[^.?!]{0,30}\b(?:recu|recue|recues|recus|arrive|arrivee|livre|livree|expedie|expediee)\b/, 2.5, 'dit que la commande n\'est pas arrivée'),
  cue(/\b(?:toujours rien|rien recu|et rien)\b|\bne l'ai toujours pas\b|\b(?:toujours pas|pas encore) (?:la|arrivee?)\b/, 2, 'dit : toujours rien'),
  cue(/\b(?:suivi|numero de suivi|lien de suivi)\b/, 1.5, 'mentionne le suivi'),
  cue(/\b(?:pas de|envoyer le|avez-vous un|un) numero de suivi\b/, 2.5, 'demande le numéro de suivi'),
  cue(/\bsuivi\b[^.?!]{0,60}(?:n'a pas bouge|bloque|ne se met plus a jour|ne fonctionne pas|ne marche pas)/, 2, 'dit que le suivi est bloqué'),
  cue(/\bquand\b[^.?!]{0,50}\b(?:recevoir|recevrai|arriver|arrive|arrivera|expedie|expediee|livre|livree|livraison|expedition)\b|\b(?:arrive|arrivera|livree?)\b[^.?!]{0,20}\bquand\b/, 2.5, 'demande quand elle arrive'),
  cue(/\b(?:statut|etat)\b[^.?!]{0,20}\b(?:commande|livraison|colis)\b/, 2.5, 'demande le statut'),
  cue(/\b(?:a-t-elle|a t elle|est-elle|est elle) (?:ete )?(?:expediee|envoyee|partie)\b|\ben route\b/, 2.5, 'demande si elle est expédiée'),
  cue(/\bperdu\b/, 2, 'craint que le colis soit perdu'),
  cue(/\bretard\b/, 1.5, 'mentionne un retard'),
  cue(/\bdevait (?:arriver|etre livre)/, 2, 'dit qu\'elle devait déjà arriver'),
  cue(/\bj'attends\b[^.?!]{0,30}\b(?:commande|colis|livraison)\b/, 2, 'dit qu\'il attend'),
  // Spanish
  cue(/\bdonde (?:esta|estan|se encuentra|anda)\b[^.?!]{0,10}\b(?:mi|mis|el) (?:pedido|pedio|paquete|envio|compra|orden)\b/, 3, 'pregunta dónde está el pedido'),
  cue(/\bdonde esta\s*\?/, 1.5, 'pregunta dónde está'),
  cue(/\b(?:no|todavia no|aun no|nunca|sin)\b[^.?!]{0,25}\b(?:ha llegado|han llegado|llega|llego|he recibido|recibido|me ha llegado|enviado|enviarse|arrived)\b/, 2.5, 'dice que el pedido no ha llegado'),
  cue(/\b(?:sigo sin nada|y nada|nada todavia|sin noticias|sin llegar)\b/, 2, 'dice: y nada'),
  cue(/\bseguimiento\b/, 1.5, 'menciona el seguimiento'),
  cue(/\b(?:sin|enviar el|mandar el|enviais el) numero de seguimiento\b/, 2.5, 'pide el número de seguimiento'),
  cue(/\bseguimiento\b[^.?!]{0,40}(?:no se actualiza|no se mueve|no funciona)/, 2, 'dice que el seguimiento no avanza'),
  cue(/\bcuando\b[^.?!]{0,40}\b(?:llega|llegara|llegue|recibire|recibo|enviais|enviara|enviaran|se enviara|me llega|esperar|sale|salga|enviais el pedido)\b/, 2.5, 'pregunta cuándo llega'),
  cue(/\bestado\b[^.?!]{0,20}\b(?:pedido|envio|paquete)\b/, 2.5, 'pregunta el estado'),
  cue(/\b(?:ya se ha enviado|ya esta en camino|en camino)\b/, 2.5, 'pregunta si ya se ha enviado'),
  cue(/\b(?:perdido|extraviado)\b/, 2, 'teme que el paquete se haya perdido'),
  cue(/\bretraso\b/, 1.5, 'menciona un retraso'),
  cue(/\b(?:tenia|debia) que llegar|\bdebia llegar\b/, 2, 'dice que debía haber llegado'),
  cue(/\bllevo\b[^.?!]{0,30}\besperando\b|\besperando mi (?:pedido|paquete)\b/, 2, 'dice que lleva tiempo esperando'),
];

// Other intents. A negative weight pulls the score away from WISMO; the blocker keeps the ticket
// away from auto-answers even when the WISMO cues win.
const OTHER_CUES: readonly Cue[] = [
  cue(/\b(?:refund\w*|money back|reimburs\w*|ruckerstattung|erstattung|erstatten|geld zuruck|rembours\w*|reembolso|devuelto el dinero|devolver el dinero|dinero)\b/, -5, 'asks about a refund', 'refund'),
  cue(/\b(?:return(?:s|ed|ing)?\b(?! to sender)|send (?:it|them) back|sent (?:it|them|the parcel) back|retoure\w*|rucksend\w*|zurucksend\w*|zuruckschick\w*|zuruckgeschickt|retour(?:ner)?|renvoye|renvoyer|devolver|devolucion|devolvi)\b/, -4, 'asks about a return', 'return'),
  cue(/\b(?:exchange|umtausch\w*|echanger|echange|cambio de talla|cambiar (?:el|la) \w+ por)\b/, -4, 'asks for an exchange', 'exchange'),
  cue(/\b(?:cancel\w*|storn\w*|annul\w*|cancelar|cancelad|anular|anulad)\b/, -4, 'asks to cancel', 'cancel'),
  cue(/\b(?:damaged|(?<!link (?:is )?)broken|smashed|crushed|shattered|cracked|leaking|soaked|beschadigt|kaputt|zerbrochen|defekt|eingedruckt|casse|cassee|abime|endommage|brisee?|ecrase|roto|rota|danado|aplastada?|estropeado)\b/, -4, 'says the item arrived damaged', 'damaged'),
  cue(/\b(?:wrong (?:item|size|colou?r|product)|(?:item|one) is missing|missing from|instead of|not what i ordered|falsche (?:grosse|artikel|farbe)|fehlt|statt der|mauvaise taille|mauvais article|ne correspond pas|il manque|talla equivocada|producto distinto|falta un)\b/, -4, 'says the wrong item came', 'wrong item'),
  cue(/\b(?:in stock|back in stock|restock\w*|sold out|size guide|what size|which size|come in|waterproof|auf lager|ausverkauft|wasserdicht|welche grosse|grossenberatung|en stock|rupture|reassort|quelle taille|taille-t-il|impermeable|existe-t-elle|disponible|agotad[ao]|reposicion|que talla|hay en)\b/, -3, 'asks about a product', 'product question'),
  cue(/\b(?:discount|promo\w*|coupon|voucher|\w*rabatt\w*|\w*gutschein\w*|code promo|reduction|remise|descuento|cupon|codigo)\b/, -4, 'asks about a discount code', 'discount'),
  cue(/\b(?:password|log ?in|sign ?in|delete my account|passwort|einloggen|anmelden|konto loschen|mot de passe|me connecter|supprimer mon compte|contrasena|acceder a mi cuenta|borrad mi cuenta|iniciar sesion)\b/, -4, 'asks about their account', 'account'),
  cue(/\b(?:change|update|correct|wrong|modify)\b[^.?!]{0,40}\baddress\b|\b(?:i'?m moving|adresse\b[^.?!]{0,40}\b(?:andern|korrigieren|falsch|vertippt|modifier|changer|corriger)|(?:falsche|andere|neue) (?:liefer)?adresse|lieferadresse\w* (?:angegeben|andern)|vertippt|ziehe [^.?!]{0,20}\bum|(?:modifier|changer|corriger)\b[^.?!]{0,40}\badresse|trompe d'adresse|mauvaise adresse|demenage|direccion\b[^.?!]{0,40}\b(?:cambiar|corregir|mal)|cambiar (?:todavia )?la direccion|puse mal la direccion|me mudo)/, -4, 'asks to change the address', 'address change'),
  cue(/\b(?:add (?:an(?:other)? )?item|before (?:it ships|you send|shipping)|hinzufugen|vor dem versand|ajouter un article|avant l'(?:envoi|expedition)|anadir|antes de (?:enviarlo|que lo envieis|enviarla|el envio))\b/, -3, 'asks to change the order before it ships', 'order change'),
  cue(/\b(?:invoice|receipt|vat|charged|billing|payment (?:failed|declined)|rechnung|mwst|abgebucht|zahlung|facture|debite|preleve|paiement|factura|cobrado|cobro|pago rechazado|cargos?)\b/, -4, 'asks about billing or an invoice', 'billing'),
  cue(/\b(?:no|never got|didn'?t get|not received|keine) (?:an? |the |order )?(?:confirmation|bestellbestatigung)\b|\b(?:e-?mail|mail|correo) de confirma(?:tion|cion)\b/, -3, 'asks about an order confirmation'),
  cue(/\b(?:arrived (?:super |really |very )?(?:fast|quickly)|everything (?:is )?perfect|great service|thanks a lot|in 2 days|alles super|schnelle lieferung|danke sagen|tout est parfait|merci pour la rapidite|au top|todo perfecto|muchas gracias|daros las gracias)\b/, -3, 'thanks the store'),
  cue(/\b(?:seo|dropshipping|click here|free audit|domain|influencer\w*|follower\w*|kooperation\w*|zusammenarbeiten|gewonnen|website zum|cliquez ici|nom de domaine|dominio|haga clic|agencia de marketing)\b/, -4, 'looks like spam or a sales pitch', 'spam'),
  cue(/\b(?:wholesale|retailers|grosshandel\w*|wiederverkaufer|tarifs revendeurs|vente en gros|por mayor|precios para tiendas)\b/, -3, 'asks about wholesale'),
  cue(/\b(?:gift wrap\w*|geschenkverpackung|emballage cadeau|envoltorio de regalo)\b/, -3, 'asks about gift wrapping'),
];

// Risks: no weight, they only stop an auto-answer.
const RISK_CUES: readonly Cue[] = [
  cue(/\b(?:complain\w*|rude|beschweren|unfreundlich|plaindre|impoli|desagreable|quejarme|maleducado)\b/, 0, 'complains', 'complaint'),
  cue(/\b(?:unacceptable|ridiculous|disgusting|scam|fraud|worst|third time|frechheit|unverschamt|skandal|katastrophe|inadmissible|scandale|honteux|inacceptable|arnaque|verguenza|inaceptable|indignante|estafa)\b/, 0, 'is angry', 'angry'),
  cue(/\b(?:lawyer|attorney|legal action|sue|court|chargeback|trading standards|anwalt|rechtsanwalt|verbraucherzentrale|klage|gericht|avocat|mise en demeure|repression des fraudes|tribunal|abogado|denuncia|reclamacion en consumo)\b/, 0, 'threatens legal steps', 'legal threat'),
];

const LANGUAGE_WORDS: Readonly<Record<TicketLanguage, ReadonlySet<string>>> = {
  en: new Set('the my is and where have not it you i to for please thanks hi hello with was but order still when what can yet of this that on in me your get just there'.split(' ')),
  de: new Set('ich und die der das ist nicht mein meine bestellung paket bitte danke hallo wo wann noch habe mit sie es auf zu ein eine wurde gibt bei ihnen einen nach schon wie kann ihre'.split(' ')),
  fr: new Set("je et le les mon ma mes est pas commande colis bonjour merci vous un une quand ne il elle pour avec toujours rien suis des du au vos votre j'ai c'est n'ai".split(' ')),
  es: new Set('el los las mi mis es pedido paquete hola gracias que y por para con donde cuando esta lo me una todavia ha he hay lleva pronto muy pero tengo necesito del al podeis os'.split(' ')),
};

const REPLY_PREFIX = /^\s*(?:(?:re|aw|wg|fw|fwd|tr|rv)\s*:\s*)+/i;
// The first line of quoted history or a signature: everything from there on is not the customer's ask.
const QUOTE_START =
  /^(?:>|--\s*$|-{3,}\s*(?:original message|ursprungliche nachricht|message d'origine|mensaje original)|on .+wrote:|am .+schrieb|le .+a ecrit|el .+escribio|(?:from|von|de|envoye|sent|enviado)\s?:|sent from my|enviado desde mi|von meinem)/;
const ANGRY_PUNCTUATION = /!{3,}|[?!]{4,}/;
const MIN_LETTERS_FOR_CAPS = 20;
const ANGRY_CAPS_SHARE = 0.5;
const SHORT_TICKET_CHARS = 80;

export function classifyTicket(input: TicketInput): TicketClassification {
  const subject = (input.subject ?? '').replace(REPLY_PREFIX, '');
  const body = customerPart(typeof input.text === 'string' ? input.text : '');
  const raw = subject === '' ? body : `${subject}.\n${body}`;
  const text = foldText(raw);

  const signals: string[] = [];
  const blockers = new Set<string>();
  let positive = 0;
  let negative = 0;
  for (const c of [...WISMO_CUES, ...OTHER_CUES, ...RISK_CUES]) {
    if (!c.pattern.test(text)) continue;
    signals.push(c.weight === 0 ? c.says : `${c.says} (${c.weight > 0 ? '+' : ''}${c.weight})`);
    if (c.weight > 0) positive += c.weight;
    else negative -= c.weight;
    if (c.blocker !== undefined) blockers.add(c.blocker);
  }
  // "??? order 1234": a short question naming an order asks about it, usually where it is.
  if (raw.length <= SHORT_TICKET_CHARS && /\?/.test(raw) && extractReferences(raw).orderNumbers.length > 0) {
    positive += 2.5;
    signals.push('short question naming an order (+2.5)');
  }
  if (isShouting(raw) && !blockers.has('angry')) {
    blockers.add('angry');
    signals.push('is angry (capitals or !!!)');
  }

  const score = Math.min(positive, WISMO_SCORE_CAP) - negative;
  const wismoProbability = 1 / (1 + Math.exp(-CONFIDENCE_SLOPE * (score - WISMO_SCORE_THRESHOLD)));
  const intent: TicketIntent = score >= WISMO_SCORE_THRESHOLD ? 'wismo' : 'other';
  const confidence = round(intent === 'wismo' ? wismoProbability : 1 - wismoProbability);
  return {
    intent,
    confidence,
    language: resolveLanguage(input.language, text),
    signals,
    blockers: [...blockers],
    routine: intent === 'wismo' && wismoProbability >= ROUTINE_MIN_CONFIDENCE && blockers.size === 0,
  };
}

/** Lowercase, accents and 'ß' folded, curly quotes straightened, whitespace collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[\u2018\u2019\u0060\u00b4]/g, "'")
    .toLowerCase()
    .replace(/[ \t]+/g, ' ');
}

/** Guesses the language from common words; null when no language has at least one clear lead. */
export function detectTicketLanguage(text: string): TicketLanguage | null {
  const words = foldText(text).split(/[^a-z']+/);
  const counts = TICKET_LANGUAGES.map((language) => ({
    language,
    hits: words.filter((word) => LANGUAGE_WORDS[language].has(word)).length,
  })).sort((a, b) => b.hits - a.hits);
  const [first, second] = counts;
  if (first === undefined || first.hits === 0 || (second !== undefined && second.hits === first.hits)) return null;
  return first.language;
}

function resolveLanguage(given: string | null | undefined, text: string): TicketLanguage | null {
  if (typeof given === 'string' && given.trim() !== '') {
    const tag = given.trim().toLowerCase().slice(0, 2);
    // A help desk that says 'it' knows better than our word counts: not one of ours.
    return (TICKET_LANGUAGES as readonly string[]).includes(tag) ? (tag as TicketLanguage) : null;
  }
  return detectTicketLanguage(text);
}

function customerPart(text: string): string {
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((line, index) => index > 0 && QUOTE_START.test(foldText(line.trim())));
  return (end === -1 ? lines : lines.slice(0, end)).join('\n');
}

function isShouting(text: string): boolean {
  if (ANGRY_PUNCTUATION.test(text)) return true;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < MIN_LETTERS_FOR_CAPS) return false;
  const capitals = letters.replace(/[^\p{Lu}]/gu, '').length;
  return capitals / letters.length >= ANGRY_CAPS_SHARE;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
