// Click and open tracking for email HTML, as plain string work on the rendered message: links are
// swapped for whatever URL `wrap` returns (the caller signs it) and a pixel goes before </body>.
// No HTML parser: the input is our own layout's output, and a tag-level scan keeps every byte
// that is not an http(s) href exactly as it was.

/** Options of `rewriteLinks`. */
export interface RewriteLinksOptions {
  /** URLs left as they are (the unsubscribe link must reach its target untouched), compared decoded. */
  skip?: readonly string[];
}

/**
 * Replaces the href of every `<a>` that points at an http(s) URL with `wrap(url, index)`.
 * `url` arrives with HTML entities decoded (`&amp;` is `&`) and the result is encoded back;
 * `index` counts the rewritten links from 0 in document order. mailto:, tel:, #anchors, other
 * schemes and `skip` are left alone.
 */
export function rewriteLinks(html: string, wrap: (url: string, index: number) => string, options: RewriteLinksOptions = {}): string {
  const skip = new Set((options.skip ?? []).map((url) => url.trim()));
  let index = 0;
  return html.replace(ANCHOR_TAG, (tag) => {
    let seenHref = false;
    return tag.replace(ATTRIBUTE, (attribute, before: string | undefined, name: string | undefined, doubleQuoted?: string, singleQuoted?: string, unquoted?: string) => {
      // Browsers follow the first href of a tag and ignore repeats; so does this.
      if (name?.toLowerCase() !== 'href' || seenHref) return attribute;
      seenHref = true;
      const url = decodeEntities(doubleQuoted ?? singleQuoted ?? unquoted ?? '').trim();
      if (!/^https?:\/\//i.test(url) || skip.has(url)) return attribute;
      const wrapped = wrap(url, index);
      index += 1;
      // Unquoted values come back double-quoted: the signed URL may hold characters that need it.
      return singleQuoted !== undefined ? `${before ?? ''}'${encodeAttribute(wrapped, "'")}'` : `${before ?? ''}"${encodeAttribute(wrapped, '"')}"`;
    });
  });
}

/**
 * Adds a 1x1 open-tracking image just before `</body>`, or at the end when there is none.
 * `pixelUrl` is taken as a plain URL and encoded for the attribute.
 */
export function insertOpenPixel(html: string, pixelUrl: string): string {
  const pixel = `<img src="${encodeAttribute(pixelUrl, '"')}" alt="" width="1" height="1" border="0" style="display:none">`;
  const closing = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return closing === -1 ? html + pixel : html.slice(0, closing) + pixel + html.slice(closing);
}

/** An `<a>` start tag; quoted attribute values may hold `>`. */
const ANCHOR_TAG = /<a(?=[\s>/])(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** One attribute of a start tag, walked in order so that text inside another value is never taken for an href. */
const ATTRIBUTE = /(\s+([^\s"'>/=]+)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))|\s+[^\s"'>/=]+/g;

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const codePoint = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

function encodeAttribute(text: string, quote: '"' | "'"): string {
  const encoded = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return quote === '"' ? encoded.replaceAll('"', '&quot;') : encoded.replaceAll("'", '&#39;');
}
