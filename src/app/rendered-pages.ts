// Rendered tracking pages kept for reuse. A page is a pure function of what the store holds for
// its order (the stamp, `trackingPageStamp`), the store's settings and the request's language
// and query: while those are unchanged, the same HTML is served again without reading the
// parcels' events or rendering. Checked on every request, so a page is never stale; bounded by
// size and evicted least recently used first. Pages are kept as UTF-8 bytes: half the memory of
// most pages as strings, and nothing to encode again for each answer.

export interface RenderedPages {
  /** The page rendered for `key` while its inputs were `stamp`, if it is still that. */
  get(key: string, stamp: string): Uint8Array<ArrayBuffer> | null;
  set(key: string, stamp: string, html: Uint8Array<ArrayBuffer>): void;
  /** Bytes held: pages, and keys and stamps at two bytes a character. */
  readonly size: number;
}

/** 16 MiB: about 2,500 orders' pages of 6 KB. */
export const RENDERED_PAGES_MAX_BYTES = 16 * 1024 * 1024;

export function createRenderedPages(maxBytes = RENDERED_PAGES_MAX_BYTES): RenderedPages {
  const pages = new Map<string, { stamp: string; html: Uint8Array<ArrayBuffer> }>();
  let bytes = 0;
  const weigh = (key: string, entry: { stamp: string; html: Uint8Array<ArrayBuffer> }) => 2 * (key.length + entry.stamp.length) + entry.html.byteLength;
  const drop = (key: string) => {
    const entry = pages.get(key);
    if (!entry) return;
    pages.delete(key);
    bytes -= weigh(key, entry);
  };
  return {
    get(key, stamp) {
      const entry = pages.get(key);
      if (!entry) return null;
      if (entry.stamp !== stamp) {
        drop(key);
        return null;
      }
      // Most recently used last: the Map keeps insertion order.
      pages.delete(key);
      pages.set(key, entry);
      return entry.html;
    },
    set(key, stamp, html) {
      drop(key);
      const entry = { stamp, html };
      const weight = weigh(key, entry);
      if (weight > maxBytes) return;
      pages.set(key, entry);
      bytes += weight;
      for (const oldest of pages.keys()) {
        if (bytes <= maxBytes) break;
        drop(oldest);
      }
    },
    get size() {
      return bytes;
    },
  };
}
