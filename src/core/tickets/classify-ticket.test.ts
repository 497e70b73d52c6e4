// Pure, table-driven tests of the ticket classifier's cues and blockers and of reference
// extraction. The held-out evaluation on the labelled set lives in test/tickets/.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTicket, detectTicketLanguage, ROUTINE_MIN_CONFIDENCE } from './classify-ticket.ts';
import { extractReferences } from './extract-references.ts';

const WISMO_PHRASES: readonly (readonly [text: string, language: string])[] = [
  ['wheres my order', 'en'],
  ["Where's my package? Ordered last Friday.", 'en'],
  ['My tracking number isn\u2019t updating since Monday', 'en'],
  ['I still haven\u2019t received my order', 'en'],
  ['How long does delivery usually take? My order is 5 days old now', 'en'],
  ['wo ist meine bestellung', 'de'],
  ['Wo bleibt mein Päckchen?', 'de'],
  ['Die Sendungsverfolgung zeigt seit Tagen keine Bewegung', 'de'],
  ['Wann wird meine Bestellung endlich geliefert?', 'de'],
  ['où est ma commande', 'fr'],
  ['Bonjour, le suivi de colis ne fonctionne pas', 'fr'],
  ["Je n'ai toujours pas reçu ma commande", 'fr'],
  ['dónde está mi pedido', 'es'],
  ['Hola, mi pedido no ha llegado', 'es'],
  ['¿Cuándo llegará mi paquete?', 'es'],
];

// Hard negatives: each mentions orders, delivery or tracking, and is still not WISMO.
const OTHER_PHRASES: readonly (readonly [text: string, blocker: string | null])[] = [
  ['Where is my refund? I sent the parcel back 2 weeks ago, tracking says you got it.', 'refund'],
  ['I want to return my order, how do I get a return label?', 'return'],
  ['My parcel arrived damaged, the box was crushed', 'damaged'],
  ['I received the wrong item, I ordered blue and got red', 'wrong item'],
  ['Please cancel my order 1234 before it ships', 'cancel'],
  ['I was charged twice for my order', 'billing'],
  ['Can you change the delivery address on order #1001?', 'address change'],
  ['Is the jacket back in stock in size M?', 'product question'],
  ['My discount code does not work at checkout', 'discount'],
  ['I forgot my password and cannot log in', 'account'],
  ['Ich möchte meine Bestellung stornieren', 'cancel'],
  ['Das Paket kam beschädigt an, die Tasse ist kaputt', 'damaged'],
  ['Wann bekomme ich meine Rückerstattung?', 'refund'],
  ['Je voudrais retourner ma commande et être remboursé', 'refund'],
  ['Mon colis est arrivé abîmé', 'damaged'],
  ['Quiero devolver el pedido', 'return'],
  ['Me habéis cobrado dos veces', 'billing'],
  ['Thanks, the parcel arrived super fast!', null],
];

describe('classifyTicket', () => {
  for (const [text, language] of WISMO_PHRASES) {
    test(`reads "${text}" as WISMO in ${language}`, () => {
      const result = classifyTicket({ subject: null, text });
      assert.equal(result.intent, 'wismo', result.signals.join('; '));
      assert.equal(result.language, language);
      assert.ok(result.signals.length > 0);
    });
  }

  for (const [text, blocker] of OTHER_PHRASES) {
    test(`reads "${text}" as other${blocker === null ? '' : ` with blocker ${blocker}`}`, () => {
      const result = classifyTicket({ subject: null, text });
      assert.equal(result.intent, 'other', result.signals.join('; '));
      assert.equal(result.routine, false);
      if (blocker !== null) assert.ok(result.blockers.includes(blocker), result.blockers.join(', '));
    });
  }

  const RISKS: readonly (readonly [text: string, blocker: string])[] = [
    ['Tracking says my parcel was delivered but I never got it. Where is my order?', 'delivered but not received'],
    ['WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS', 'angry'],
    ['Where is my order?!!! This is ridiculous', 'angry'],
    ['Where is my order? If it is not here tomorrow my lawyer will hear about it.', 'legal threat'],
    ['Wo ist meine Bestellung? Das ist eine Frechheit.', 'angry'],
  ];
  for (const [text, blocker] of RISKS) {
    test(`keeps "${text}" WISMO but not routine (${blocker})`, () => {
      const result = classifyTicket({ subject: null, text });
      assert.equal(result.intent, 'wismo', result.signals.join('; '));
      assert.ok(result.blockers.includes(blocker), result.blockers.join(', '));
      assert.equal(result.routine, false);
    });
  }

  test('marks a plain, strong WISMO ticket routine', () => {
    const result = classifyTicket({ subject: 'Where is my order?', text: 'Hi, my order #1001 has not arrived yet. Where is my parcel?' });
    assert.equal(result.routine, true);
    assert.ok(result.confidence >= ROUTINE_MIN_CONFIDENCE);
    assert.deepEqual(result.blockers, []);
  });

  test('reads a short "??? order 1234" as WISMO', () => {
    assert.equal(classifyTicket({ subject: null, text: '??? order 1234' }).intent, 'wismo');
  });

  test('ignores the quoted shop email and the signature', () => {
    const text = 'Thanks for the quick help!\n\nOn Mon, 3 Jun 2024, Shop <a@b.co> wrote:\n> Where is my order? It has not arrived.';
    assert.equal(classifyTicket({ subject: 'Re: Your order', text }).intent, 'other');
  });

  test('a refund cue outweighs WISMO cues', () => {
    const result = classifyTicket({ subject: null, text: 'My order has not arrived, I want a refund now.' });
    assert.equal(result.intent, 'other');
    assert.ok(result.blockers.includes('refund'));
  });

  test('an empty ticket is other with no language', () => {
    const result = classifyTicket({ subject: null, text: '' });
    assert.deepEqual(result, { intent: 'other', confidence: result.confidence, language: null, signals: [], blockers: [], routine: false });
    assert.ok(result.confidence > 0.5);
  });

  test('takes a supported language tag as given and refuses an unsupported one', () => {
    assert.equal(classifyTicket({ subject: null, text: 'where is my order', language: 'de-AT' }).language, 'de');
    assert.equal(classifyTicket({ subject: null, text: 'dove è il mio ordine', language: 'it' }).language, null);
  });

  test('confidence stays within 0..1', () => {
    for (const text of ['where is my order '.repeat(50), 'refund return cancel '.repeat(50)]) {
      const { confidence } = classifyTicket({ subject: null, text });
      assert.ok(confidence >= 0 && confidence <= 1);
    }
  });
});

describe('detectTicketLanguage', () => {
  for (const [text, language] of [
    ['Hello, where is my order?', 'en'],
    ['Hallo, wo ist mein Paket?', 'de'],
    ['Bonjour, je n\u2019ai pas reçu mon colis', 'fr'],
    ['Hola, no he recibido mi pedido', 'es'],
    ['1234', null],
  ] as const) {
    test(`detects ${String(language)} in "${text}"`, () => assert.equal(detectTicketLanguage(text), language));
  }
});

describe('extractReferences', () => {
  const ORDER_CASES: readonly (readonly [text: string, orders: readonly string[]])[] = [
    ['Where is #1001?', ['1001']],
    ['my order 1001 has not arrived', ['1001']],
    ['Bestellung Nr. 1001', ['1001']],
    ['Bestellnummer: 55123', ['55123']],
    ['commande n° 1001', ['1001']],
    ['numéro de commande 20931', ['20931']],
    ['pedido #1001 y Nº de pedido 4512', ['1001', '4512']],
    ['Order #SHOP-1001', ['SHOP-1001']],
    // False positives: dates, prices, postal codes, phones, counts, emails.
    ['I ordered on 12.05.2024 and paid $49.90', []],
    ['Bestellung vom 12.05.2024, Lieferung nach 10115 Berlin', []],
    ['order 3 weeks ago, 2x 59,90 €', []],
    ['call me on +49 151 23456789', []],
    ['write to order1234@example.com', []],
  ];
  for (const [text, orders] of ORDER_CASES) {
    test(`finds order numbers ${JSON.stringify(orders)} in "${text}"`, () => {
      assert.deepEqual(extractReferences(text).orderNumbers, orders);
    });
  }

  const TRACKING_CASES: readonly (readonly [text: string, numbers: readonly string[]])[] = [
    ['UPS 1Z5R89390357567127', ['1Z5R89390357567127']],
    ['suivi : CP123456785FR', ['CP123456785FR']],
    ['USPS 9400 1912 3456 7812 3456 79', ['9400191234567812345679']],
    ['Sendungsnummer 00340434161094042557', ['00340434161094042557']],
    ['DHL 6048573926', ['6048573926']],
    // A wrong check digit, or a generic digits-only shape without a tracking word, is not kept.
    ['UPS 1Z5R89390357567128', []],
    ['CP123456784FR', []],
    ['my number is 6048573926', []],
    ['order #1001 from 20240315', []],
  ];
  for (const [text, numbers] of TRACKING_CASES) {
    test(`finds tracking numbers ${JSON.stringify(numbers)} in "${text}"`, () => {
      assert.deepEqual(extractReferences(text).trackingNumbers, numbers);
    });
  }

  test('finds emails and phones, and keeps phones out of orders and tracking numbers', () => {
    const refs = extractReferences('Mail: Jane.Doe@Example.com\nTel. +49 151 23456789\nTél : 06 12 34 56 78\n+33 6 12 34 56 78');
    assert.deepEqual(refs.emails, ['jane.doe@example.com']);
    assert.deepEqual(refs.phones, ['+4915123456789', '+33612345678', '0612345678']);
    assert.deepEqual(refs.orderNumbers, []);
    assert.deepEqual(refs.trackingNumbers, []);
  });

  test('returns empty lists for text without references', () => {
    assert.deepEqual(extractReferences('hello'), { orderNumbers: [], emails: [], trackingNumbers: [], phones: [] });
  });
});
