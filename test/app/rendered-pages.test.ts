// The rendered-page store behind the tracking page: a page is returned only for the stamp it was
// rendered with, the total size stays bounded, and the least recently used page goes first.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRenderedPages } from '../../src/app/rendered-pages.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (html: Uint8Array | null) => (html === null ? null : new TextDecoder().decode(html));

test('a page is returned for its own stamp only, and a changed stamp drops it', () => {
  const pages = createRenderedPages(1_000);
  pages.set('a', 'v1', bytes('<p>one</p>'));
  assert.equal(text(pages.get('a', 'v1')), '<p>one</p>');
  assert.equal(text(pages.get('a', 'v2')), null);
  assert.equal(text(pages.get('a', 'v1')), null, 'the old page is gone once its order changed');
  assert.equal(pages.size, 0);
  assert.equal(text(pages.get('b', 'v1')), null);
});

test('the total size stays within the bound, evicting the least recently used first', () => {
  const pages = createRenderedPages(60); // each entry below weighs 2 x (1 + 2) + 7 = 13
  pages.set('a', 's1', bytes('AAAAAAA'));
  pages.set('b', 's1', bytes('BBBBBBB'));
  pages.set('c', 's1', bytes('CCCCCCC'));
  assert.equal(pages.size, 39);
  assert.equal(text(pages.get('a', 's1')), 'AAAAAAA'); // now the most recent
  pages.set('d', 's1', bytes('DDDDDDD'));
  pages.set('e', 's1', bytes('EEEEEEE'));
  assert.equal(pages.size, 52);
  assert.equal(text(pages.get('b', 's1')), null, 'b was the least recently used');
  assert.equal(text(pages.get('a', 's1')), 'AAAAAAA');
  assert.equal(text(pages.get('c', 's1')), 'CCCCCCC');
  assert.equal(text(pages.get('d', 's1')), 'DDDDDDD');
  assert.equal(text(pages.get('e', 's1')), 'EEEEEEE');
});

test('a page larger than the whole bound is not kept, and replacing a page does not count it twice', () => {
  const pages = createRenderedPages(30);
  pages.set('big', 's', bytes('x'.repeat(40)));
  assert.equal(text(pages.get('big', 's')), null);
  assert.equal(pages.size, 0);
  pages.set('a', 's1', bytes('AAAAAAA'));
  pages.set('a', 's2', bytes('aaaaaaa'));
  assert.equal(pages.size, 13);
  assert.equal(text(pages.get('a', 's2')), 'aaaaaaa');
});
