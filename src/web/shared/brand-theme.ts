// A store's brand made safe for a page: only colours, fonts and URLs of a known shape reach CSS
// and HTML attributes (settings are merchant-edited), and the text colour on the brand colour is
// picked for contrast, so a light brand colour still gives readable buttons.

export interface PageBrand {
  name: string;
  logoUrl: string | null;
  helpUrl: string | null;
  /** Safe CSS colour of buttons, links and headings. */
  primaryColor: string;
  /** `#fff` or `#111` on the brand colour, whichever reads better. */
  onPrimaryColor: string;
  fontFamily: string;
}

const DEFAULT_COLOR = '#1f4e79';
const DEFAULT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

type Brand = { name: string; logoUrl: string | null; helpUrl: string | null; primaryColor: string; fontFamily: string };

// Settings are read at most once a second and rendered into many pages: the contrast search is
// made once per settings object, not once per page.
const made = new WeakMap<Brand, PageBrand>();

export function pageBrand(brand: Brand): PageBrand {
  let page = made.get(brand);
  if (!page) made.set(brand, (page = makePageBrand(brand)));
  return page;
}

function makePageBrand(brand: Brand): PageBrand {
  const color = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(brand.primaryColor.trim()) ? expandHex(brand.primaryColor.trim()) : DEFAULT_COLOR;
  // A too-light brand colour would fail contrast as link text on white: darken it until it reads.
  const readable = darkenUntilReadable(color);
  return {
    name: brand.name.slice(0, 120) || 'Shop',
    logoUrl: safeUrl(brand.logoUrl),
    helpUrl: safeUrl(brand.helpUrl),
    primaryColor: readable,
    onPrimaryColor: contrast(readable, '#ffffff') >= 4.5 ? '#ffffff' : '#111111',
    fontFamily: /^[\w\s,'"-]{1,200}$/.test(brand.fontFamily) ? brand.fontFamily : DEFAULT_FONT,
  };
}

/** http(s) URLs only: no `javascript:` in an href. */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function expandHex(hex: string): string {
  return hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}`.toLowerCase() : hex.toLowerCase();
}

function darkenUntilReadable(hex: string): string {
  let rgb = toRgb(hex);
  for (let i = 0; i < 20 && contrast(fromRgb(rgb), '#ffffff') < 4.5; i += 1) rgb = rgb.map((v) => Math.floor(v * 0.9)) as [number, number, number];
  return fromRgb(rgb);
}

function toRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function fromRgb(rgb: readonly number[]): string {
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
