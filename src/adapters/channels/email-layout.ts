// Email layouts: an MJML document with Liquid placeholders, compiled to HTML once when the layout
// is saved; each send then renders the compiled HTML with Liquid. MJML knows nothing of Liquid: it
// rejects `{{ brand.primary_color }}` as a colour and silently drops text where no text may
// stand, so every Liquid tag is swapped for an inert token before compiling and put back after.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';

/** What `compileEmailLayout` says: compiled HTML still holding its Liquid, or every problem found. */
export type CompiledEmailLayout = { ok: true; html: string } | { ok: false; problems: string[] };

/**
 * The layout used when a store has not saved its own. Variables: `brand.name`, `brand.logo_url`,
 * `brand.primary_color`, `brand.font_family`, `brand.help_url`, `content` and `unsubscribe_url`.
 *
 * Escaping: Herald's Liquid renderer does not escape output, so `{{ content }}` inserts the
 * rendered message body as HTML, as it must, while every brand value goes through `| escape`
 * because it lands inside an attribute or as text. A layout rendered by an engine configured to
 * escape by default must write `{{ content | raw }}` instead.
 *
 * Liquid tags that decide whether a component appears (the logo) sit in `mj-raw`, the one place
 * MJML keeps text between components; everything else sits in attributes or `mj-text`.
 */
export const DEFAULT_EMAIL_LAYOUT = `<mjml>
  <mj-head>
    <mj-title>{{ brand.name | escape }}</mj-title>
    <mj-attributes>
      <mj-all font-family="{{ brand.font_family | default: 'Helvetica, Arial, sans-serif' | escape }}" />
      <mj-text font-size="15px" line-height="1.5" color="#1f2933" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f5f7">
    <mj-section background-color="{{ brand.primary_color | default: '#1f2933' | escape }}" padding="16px 0">
      <mj-column>
        <mj-raw>{% if brand.logo_url %}</mj-raw>
        <mj-image src="{{ brand.logo_url | escape }}" alt="{{ brand.name | escape }}" width="160px" padding="8px 24px" />
        <mj-raw>{% else %}</mj-raw>
        <mj-text align="center" color="#ffffff" font-size="22px" font-weight="bold">{{ brand.name | escape }}</mj-text>
        <mj-raw>{% endif %}</mj-raw>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px 0">
      <mj-column>
        <mj-text>{{ content }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0">
      <mj-column>
        <mj-text align="center" font-size="12px" line-height="1.6" color="#6b7280">
          Questions about your order? Reply to this email: it reaches the {{ brand.name | escape }} team.
          {% if brand.help_url %}<br /><a href="{{ brand.help_url | escape }}" style="color:#6b7280;">Help centre</a>{% endif %}
          {% if unsubscribe_url %}<br /><a href="{{ unsubscribe_url | escape }}" style="color:#6b7280;">Unsubscribe from these emails</a>{% endif %}
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

/**
 * Compiles an MJML layout to HTML, keeping its Liquid for render time. Validation is strict:
 * any MJML warning, Liquid syntax error, missing `{{ content }}` slot or Liquid tag that MJML
 * would drop fails the layout, with problems that name the line and the reason.
 */
export async function compileEmailLayout(mjml: string): Promise<CompiledEmailLayout> {
  const problems: string[] = [];
  if (!CONTENT_SLOT.test(mjml)) problems.push('line 1: the layout has no {{ content }} slot, so the message body would never appear');
  try {
    // The same strictness as Herald's renderer, so an unknown filter fails on save, not on send.
    new Liquid({ strictFilters: true }).parse(mjml);
  } catch (error) {
    problems.push(`Liquid: ${(error as Error).message}`);
  }
  const masked = maskLiquid(mjml);
  let compiled: { html: string; errors: MjmlProblem[] };
  try {
    // Soft level so that errors come back as a list; the strictness is applied below. Layouts
    // come from store admins, so mj-include may not read the server's files.
    compiled = await loadMjml()(masked.source, { validationLevel: 'soft', keepComments: false, ignoreIncludes: true });
  } catch (error) {
    return { ok: false, problems: [...problems, `line 1: not a valid MJML document: ${(error as Error).message}`] };
  }
  for (const problem of compiled.errors) {
    // A placeholder in a typed attribute (a colour) is valid once rendered; MJML cannot know that.
    const invalidValue = /has invalid value: (.*) for type/.exec(problem.message)?.[1];
    if (invalidValue !== undefined && masked.strip(invalidValue) !== invalidValue && masked.strip(invalidValue).trim() === '') continue;
    problems.push(`line ${masked.originalLine(problem.line)}: ${masked.restore(problem.message.trim())} (${problem.tagName})`);
  }
  for (const [index, tag] of masked.tags.entries()) {
    if (!compiled.html.includes(masked.token(index))) {
      problems.push(`line ${tag.line}: MJML drops ${tag.text} here; put Liquid tags inside mj-text, mj-button or mj-raw, or in an attribute`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, html: masked.restore(compiled.html) };
}

/** `{{ content }}`, with or without filters and whitespace control. */
const CONTENT_SLOT = /\{\{-?\s*content\s*(?:\|[^}]*)?-?\}\}/;
const LIQUID_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

interface MjmlProblem {
  line: number;
  message: string;
  tagName: string;
}

type Mjml2Html = (source: string, options: { validationLevel: 'soft'; keepComments: boolean; ignoreIncludes: boolean }) => Promise<{ html: string; errors: MjmlProblem[] }>;

let mjmlCompiler: Mjml2Html | undefined;

/** mjml ships no type declarations; this names the one call Herald makes, loaded on first use. */
function loadMjml(): Mjml2Html {
  mjmlCompiler ??= createRequire(import.meta.url)('mjml') as Mjml2Html;
  return mjmlCompiler;
}

interface MaskedLayout {
  source: string;
  tags: { text: string; line: number }[];
  token(index: number): string;
  restore(text: string): string;
  strip(text: string): string;
  originalLine(maskedLine: number): number;
}

/**
 * Swaps each Liquid tag for a token of letters and digits, which MJML treats as plain text in
 * attributes, CSS and content alike. The token prefix is chosen so that it occurs nowhere in the
 * source. Multi-line tags shrink to one line, so line numbers are mapped back.
 */
function maskLiquid(source: string): MaskedLayout {
  let prefix = 'heraldliquid';
  while (source.includes(prefix)) prefix += 'q';
  const token = (index: number): string => `${prefix}${index}x`;
  const tokenPattern = new RegExp(`${prefix}(\\d+)x`, 'g');
  const tags: { text: string; line: number }[] = [];
  const shifts: { fromLine: number; extra: number }[] = [];
  let extra = 0;
  let maskedLines = 1;
  let last = 0;
  const masked = source.replace(LIQUID_TAG, (text: string, offset: number) => {
    maskedLines += countNewlines(source.slice(last, offset));
    last = offset + text.length;
    tags.push({ text, line: maskedLines + extra });
    const inner = countNewlines(text);
    if (inner > 0) {
      extra += inner;
      shifts.push({ fromLine: maskedLines + 1, extra });
    }
    return token(tags.length - 1);
  });
  return {
    source: masked,
    tags,
    token,
    restore: (text) => text.replace(tokenPattern, (whole, index: string) => tags[Number(index)]?.text ?? whole),
    strip: (text) => text.replace(tokenPattern, ''),
    originalLine: (line) => line + (shifts.findLast((shift) => shift.fromLine <= line)?.extra ?? 0),
  };
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}

/** The default layout compiled (scripts/compile-default-email-layout.ts writes it). */
export const DEFAULT_EMAIL_LAYOUT_FILE = fileURLToPath(new URL('./default-email-layout.html', import.meta.url));

let defaultLayout: Promise<string> | null = null;

/**
 * Herald's default layout, compiled. Read from the file shipped beside this one, so a process
 * that never compiles a merchant's layout never loads MJML (about 60 MB resident).
 */
export function defaultEmailLayoutHtml(): Promise<string> {
  defaultLayout ??= readFile(DEFAULT_EMAIL_LAYOUT_FILE, 'utf8');
  return defaultLayout;
}
