// Email layouts: the default layout compiles under strict validation, keeps its Liquid through
// MJML, is shipped compiled as it compiles today, and renders the brand; broken layouts are
// refused with the line and the reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Liquid } from 'liquidjs';
import { compileEmailLayout, DEFAULT_EMAIL_LAYOUT, defaultEmailLayoutHtml } from '../../src/adapters/channels/email-layout.ts';

const BRAND = {
  name: 'Acme & Co',
  logo_url: 'https://cdn.acme.test/logo.png?v=2&size=large',
  primary_color: '#ff6600',
  font_family: 'Georgia, serif',
  help_url: 'https://acme.test/help',
};
const CONTENT = '<p>Hello <strong>Ada</strong>, your order <a href="https://acme.test/o/1001">#1001</a> has shipped.</p>';

async function compiled(mjml: string): Promise<string> {
  const result = await compileEmailLayout(mjml);
  assert.ok(result.ok, `expected the layout to compile: ${result.ok ? '' : result.problems.join('; ')}`);
  return result.html;
}

async function problemsOf(mjml: string): Promise<string[]> {
  const result = await compileEmailLayout(mjml);
  assert.equal(result.ok, false, 'expected the layout to be refused');
  return result.ok ? [] : result.problems;
}

const wrapBody = (inner: string): string => `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${inner}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>`;

test('the default layout compiles and keeps its Liquid placeholders in attributes, CSS and content', async () => {
  const html = await compiled(DEFAULT_EMAIL_LAYOUT);
  for (const placeholder of ['{{ content }}', "{{ brand.primary_color | default: '#1f2933' | escape }}", '{{ brand.logo_url | escape }}', '{% if unsubscribe_url %}', '{{ unsubscribe_url | escape }}']) {
    assert.ok(html.includes(placeholder), `compiled HTML lost ${placeholder}`);
  }
  assert.ok(html.includes("background-color:{{ brand.primary_color | default: '#1f2933' | escape }}"), 'the colour placeholder is in the inline CSS');
  assert.doesNotMatch(html, /heraldliquid\d+x/, 'no masking token is left behind');
});

test('the default layout shipped compiled is what MJML makes of its source today', async () => {
  assert.equal(await defaultEmailLayoutHtml(), await compiled(DEFAULT_EMAIL_LAYOUT), 'out of date: run npx tsx scripts/compile-default-email-layout.ts');
});

test('the compiled default layout renders logo, colour, font, content, help link and unsubscribe link', async () => {
  const html = await compiled(DEFAULT_EMAIL_LAYOUT);
  const out = await new Liquid().parseAndRender(html, { brand: BRAND, content: CONTENT, unsubscribe_url: 'https://h.test/u?t=1&s=2' });
  assert.ok(out.includes('src="https://cdn.acme.test/logo.png?v=2&amp;size=large"'), 'logo');
  assert.ok(out.includes('alt="Acme &amp; Co"'), 'brand name escaped in the logo alt text');
  assert.ok(out.includes('background-color:#ff6600'), 'primary colour');
  assert.ok(out.includes('font-family:Georgia, serif'), 'font');
  assert.ok(out.includes(CONTENT), 'content inserted as HTML, not escaped');
  assert.ok(out.includes('href="https://acme.test/help"'), 'help link');
  assert.ok(out.includes('Reply to this email'), 'reply-to hint');
  assert.ok(out.includes('href="https://h.test/u?t=1&amp;s=2"'), 'unsubscribe link');
  assert.doesNotMatch(out, /\{\{|\{%/, 'no Liquid left unrendered');
});

test('without a logo the default layout shows the store name; without an unsubscribe URL no link', async () => {
  const html = await compiled(DEFAULT_EMAIL_LAYOUT);
  const out = await new Liquid().parseAndRender(html, { brand: { name: 'Acme & Co' }, content: '<p>Hi</p>', unsubscribe_url: null });
  assert.doesNotMatch(out, /<img/, 'no logo image');
  assert.match(out, /font-weight:bold[^>]*>Acme &amp; Co<\/div>/, 'store name as the header');
  assert.doesNotMatch(out, /Unsubscribe/);
  assert.doesNotMatch(out, /Help centre/);
  assert.ok(out.includes('background-color:#1f2933'), 'default colour when none is set');
});

test('a layout without the {{ content }} slot is refused', async () => {
  const problems = await problemsOf(wrapBody('<mj-text>{{ brand.name }}</mj-text>'));
  assert.ok(problems.some((p) => p.includes('{{ content }}')), problems.join('; '));
});

test('the slot may carry filters and whitespace control', async () => {
  await compiled(wrapBody('<mj-text>{{- content | raw -}}</mj-text>'));
});

test('invalid MJML is refused with the line and the reason', async () => {
  const problems = await problemsOf(wrapBody('<mj-text>{{ content }}</mj-text>\n<mj-text colour="red">x</mj-text>\n<mj-section></mj-section>'));
  assert.ok(problems.some((p) => p.startsWith('line 6:') && p.includes('Attribute colour is illegal')), problems.join('; '));
  assert.ok(problems.some((p) => p.startsWith('line 7:') && p.includes('mj-section cannot be used inside mj-column')), problems.join('; '));
});

test('a document that is not MJML is refused', async () => {
  const problems = await problemsOf('<html><body>{{ content }}</body></html>');
  assert.ok(problems.some((p) => p.startsWith('line 1: not a valid MJML document')), problems.join('; '));
});

test('a colour that is wrong besides its placeholder is still refused, showing the placeholder', async () => {
  const problems = await problemsOf(wrapBody('<mj-text color="{{ brand.primary_color }}zz">{{ content }}</mj-text>'));
  assert.ok(problems.some((p) => p.startsWith('line 5:') && p.includes('{{ brand.primary_color }}zz')), problems.join('; '));
});

test('a Liquid tag MJML would drop (between sections) is refused with its line', async () => {
  const layout = `<mjml>\n<mj-body>\n{% if vip %}\n<mj-section><mj-column><mj-text>{{ content }}</mj-text></mj-column></mj-section>\n{% endif %}\n</mj-body>\n</mjml>`;
  const problems = await problemsOf(layout);
  assert.ok(problems.some((p) => p.startsWith('line 3:') && p.includes('{% if vip %}')), problems.join('; '));
  assert.ok(problems.some((p) => p.startsWith('line 5:') && p.includes('{% endif %}')), problems.join('; '));
});

test('a Liquid syntax error is refused', async () => {
  const problems = await problemsOf(wrapBody('<mj-text>{{ content }} {% iff x %}</mj-text>'));
  assert.ok(problems.some((p) => p.startsWith('Liquid:') && p.includes('iff')), problems.join('; '));
});

test('line numbers after a multi-line Liquid tag still point at the original line', async () => {
  const layout = wrapBody('<mj-text>{{ content }}</mj-text>\n<mj-text>{% if a\n  and b %}x{% endif %}</mj-text>\n<mj-text bogus="1">y</mj-text>');
  const problems = await problemsOf(layout);
  assert.ok(problems.some((p) => p.startsWith('line 8:') && p.includes('Attribute bogus is illegal')), problems.join('; '));
});

test('an unknown Liquid filter is refused when the layout is saved, not when it is sent', async () => {
  const problems = await problemsOf(wrapBody('<mj-text>{{ content | shout }}</mj-text>'));
  assert.ok(problems.some((p) => p.startsWith('Liquid:') && p.includes('shout')), problems.join('; '));
});
