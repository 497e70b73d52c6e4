// The customer's new words out of a help desk message: HTML to text, quoted earlier mail and
// signatures cut off, so intent classification sees what the customer wrote this time only.

/** The customer's text is cut here: enough for intent, bounded for storage. */
export const MAX_TICKET_TEXT_CHARS = 4_000;

/**
 * The customer's new words as plain text: HTML to text, then quoted replies ("On ... wrote:",
 * "-----Original Message-----", "> " lines) and signatures ("-- ", "Sent from my ...") cut off.
 * Heuristic by nature; when the cut would leave nothing, the uncut text is kept.
 */
export function plainText(text: string | null, html: string | null = null): string {
  const source = text ?? (html === null ? '' : htmlToText(html));
  const normalized = source.replace(/\r\n?/g, '\n').replaceAll('\u0000', '').replace(/[ \t]+\n/g, '\n');
  const stripped = stripQuotesAndSignature(normalized).trim();
  const result = (stripped === '' ? normalized.trim() : stripped).replace(/\n{3,}/g, '\n\n');
  return result.slice(0, MAX_TICKET_TEXT_CHARS).trim();
}

/** Tags out, block ends to newlines, the usual entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<blockquote[^>]*>[\s\S]*?<\/blockquote>/gi, '\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  ).replace(/[ \t\u00a0]+/g, ' ');
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// A line that starts what the customer did not write this time.
const CUT_LINES: readonly RegExp[] = [
  /^On .{1,300} wrote:\s*$/i, // Gmail, Apple Mail
  /^Le .{1,300} a écrit ?:\s*$/i,
  /^Am .{1,300} schrieb .{0,200}:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above the quoted header
  /^From: .+$/, // Outlook's quoted header
  /^-- ?$/, // the signature delimiter
  /^Sent from my .{1,60}$/i,
  /^Get Outlook for .{1,40}$/i,
  /^#{2,} ?Please type your reply above this line ?#{2,}$/i, // help desk reply markers
];

function stripQuotesAndSignature(text: string): string {
  const lines = text.split('\n');
  // Zendesk's `{{ticket.description}}` opens with a rule and a "Name, date" line.
  if (lines.length > 2 && /^-{10,}\s*$/.test(lines[0]!.trim())) lines.splice(0, lines[1]!.trim() === '' ? 3 : 2);
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (CUT_LINES.some((pattern) => pattern.test(trimmed))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}
