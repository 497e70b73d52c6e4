// Link rewriting and the open pixel: which hrefs are wrapped, how quoting and entities survive,
// and where the pixel lands.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertOpenPixel, rewriteLinks } from './tracked-links.ts';

const track = (url: string, index: number): string => `https://t.herald.test/c/${index}?u=${encodeURIComponent(url)}&s=sig`;

test('rewriteLinks wraps http and https hrefs in every quoting, counting from 0 in document order', () => {
  const html = `<p><a href="https://shop.test/a">A</a> <A HREF='http://shop.test/b'>B</A> <a class=x href=https://shop.test/c>C</a></p>`;
  const seen: [string, number][] = [];
  const out = rewriteLinks(html, (url, index) => {
    seen.push([url, index]);
    return `https://t.test/${index}`;
  });
  assert.deepEqual(seen, [
    ['https://shop.test/a', 0],
    ['http://shop.test/b', 1],
    ['https://shop.test/c', 2],
  ]);
  assert.equal(out, `<p><a href="https://t.test/0">A</a> <A HREF='https://t.test/1'>B</A> <a class=x href="https://t.test/2">C</a></p>`);
});

test('rewriteLinks leaves mailto:, tel:, #anchors, relative and other schemes untouched', () => {
  const html = '<a href="mailto:help@shop.test">m</a><a href="tel:+4930123">t</a><a href="#top">#</a><a href="/local">l</a><a href="javascript:void(0)">j</a><a name="x">n</a>';
  let calls = 0;
  const out = rewriteLinks(html, (url) => {
    calls += 1;
    return url;
  });
  assert.equal(calls, 0);
  assert.equal(out, html);
});

test('rewriteLinks decodes &amp; before wrap and encodes the wrapped URL back', () => {
  const seen: string[] = [];
  const out = rewriteLinks('<a href="https://shop.test/track?a=1&amp;b=2&#38;c=&quot;3&quot;">x</a>', (url, index) => {
    seen.push(url);
    return track(url, index);
  });
  assert.deepEqual(seen, ['https://shop.test/track?a=1&b=2&c="3"']);
  assert.equal(out, `<a href="https://t.herald.test/c/0?u=${encodeURIComponent('https://shop.test/track?a=1&b=2&c="3"')}&amp;s=sig">x</a>`);
});

test('rewriteLinks escapes the quote character of a single-quoted attribute', () => {
  const out = rewriteLinks(`<a href='https://shop.test/x'>x</a>`, () => "https://t.test/it's");
  assert.equal(out, `<a href='https://t.test/it&#39;s'>x</a>`);
});

test('rewriteLinks skips the URLs it is told to skip, comparing them decoded', () => {
  const unsubscribe = 'https://h.test/unsubscribe?t=abc&s=def';
  const html = `<a href="https://shop.test/help">help</a> <a href="https://h.test/unsubscribe?t=abc&amp;s=def">unsubscribe</a>`;
  const out = rewriteLinks(html, (_url, index) => `https://t.test/${index}`, { skip: [unsubscribe] });
  assert.equal(out, `<a href="https://t.test/0">help</a> <a href="https://h.test/unsubscribe?t=abc&amp;s=def">unsubscribe</a>`);
});

test('rewriteLinks reads only real href attributes: not data-href, not text inside another value', () => {
  const html = `<a data-href="https://x.test/1" title="see href=https://x.test/2 >" href="https://x.test/3">x</a><abbr title="https://x.test/4">y</abbr>`;
  const seen: string[] = [];
  const out = rewriteLinks(html, (url) => {
    seen.push(url);
    return 'https://t.test/w';
  });
  assert.deepEqual(seen, ['https://x.test/3']);
  assert.equal(out, `<a data-href="https://x.test/1" title="see href=https://x.test/2 >" href="https://t.test/w">x</a><abbr title="https://x.test/4">y</abbr>`);
});

test('insertOpenPixel puts a hidden 1x1 image just before </body>, with its URL encoded', () => {
  const out = insertOpenPixel('<html><body><p>Hi</p></BODY></html>', 'https://t.test/o?n=1&s=2');
  assert.equal(out, '<html><body><p>Hi</p><img src="https://t.test/o?n=1&amp;s=2" alt="" width="1" height="1" border="0" style="display:none"></BODY></html>');
});

test('insertOpenPixel appends the pixel to a fragment without </body>', () => {
  assert.equal(insertOpenPixel('<p>Hi</p>', 'https://t.test/o'), '<p>Hi</p><img src="https://t.test/o" alt="" width="1" height="1" border="0" style="display:none">');
});
