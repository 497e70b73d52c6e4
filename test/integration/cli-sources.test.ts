// `herald sources` and `herald quarantine` as a user runs them: a subprocess per command.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStore } from '../../src/adapters/store/open-store.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { REPO, startHeraldProcess } from '../support/herald-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'herald-cli-sources-'));
const data = join(folder, 'data');
after(() => rmSync(folder, { recursive: true, force: true }));

function herald(args: string[]) {
  const result = spawnSync(process.execPath, ['bin/herald.js', ...args, '--data', data], {
    cwd: REPO,
    env: { ...process.env, HERALD_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test('sources add prints the exact webhook URL and the topics; sources lists it', () => {
  assert.equal(herald(['keys', 'create', '--store', 'acme', '--create-store']).code, 0);
  const added = herald(['sources', 'add', 'shopify', '--store', 'acme', '--secret', 'shpss_1', '--shop-domain', 'Acme.myshopify.com', '--public-url', 'https://herald.example.com/']);
  assert.equal(added.code, 0, added.err);
  assert.match(added.out, /^ {2}https:\/\/herald\.example\.com\/v1\/sources\/shopify\/acme$/m);
  for (const topic of ['orders/create', 'orders/paid', 'orders/updated', 'orders/fulfilled', 'orders/cancelled', 'refunds/create', 'fulfillments/create', 'fulfillments/update', 'fulfillment_events/create']) {
    assert.match(added.out, new RegExp(`^ {2}- ${topic.replace('/', '\\/')}$`, 'm'));
  }
  const shippo = herald(['sources', 'add', 'shippo', '--store', 'acme', '--secret', 's', '--url-token', 'tok 1', '--public-url', 'https://h.example']);
  assert.match(shippo.out, /https:\/\/h\.example\/v1\/sources\/shippo\/acme\?token=tok%201/);
  const woo = herald(['sources', 'add', 'woocommerce', '--store', 'acme', '--secret', 'w']);
  assert.match(woo.out, /- order\.created\n {2}- order\.updated/);
  const listed = herald(['sources', '--store', 'acme']);
  assert.equal(listed.code, 0, listed.err);
  assert.match(listed.out, /^shippo +waiting +last event never/m);
  assert.match(listed.out, /^shopify /m);
  assert.match(listed.out, /^woocommerce /m);
});

test('sources add-generic checks the mapping, then prints the URL', () => {
  const ok = herald(['sources', 'add-generic', 'wms', '--store', 'acme', '--secret', 's', '--mapping', 'docs/examples/warehouse-feed.mapping.yaml', '--public-url', 'https://h.example']);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^ {2}https:\/\/h\.example\/v1\/sources\/wms\/acme$/m);
  assert.match(herald(['sources', 'add-generic', 'shopify', '--store', 'acme', '--secret', 's', '--mapping', 'docs/examples/warehouse-feed.mapping.yaml']).err, /cannot name a generic source/);
  const bad = join(folder, 'bad.yaml');
  writeFileSync(bad, 'kind: generic\nauth: { type: token }\nfields: { type: \'"order.placed\' }\n');
  assert.match(herald(['sources', 'add-generic', 'erp', '--store', 'acme', '--secret', 's', '--mapping', bad]).err, /fields\.type: invalid JSONata/);
  assert.match(herald(['sources', '--store', 'acme']).out, /^wms /m);
});

test('sources add refuses an unknown provider, a missing store and misplaced flags', () => {
  assert.match(herald(['sources', 'add', 'fedex', '--secret', 's']).err, /unknown provider 'fedex'/);
  assert.match(herald(['sources', 'add', 'shopify', '--store', 'nope', '--secret', 's']).err, /no store 'nope'/);
  assert.match(herald(['sources', 'add', 'aftership', '--store', 'acme', '--secret', 's', '--shop-domain', 'x']).err, /--shop-domain is for shopify only/);
});

test('quarantine list, show and replay through the CLI', async () => {
  // A payload an older build quarantined; this build reads it.
  const body = Buffer.from(
    JSON.stringify({
      event: 'tracking_update',
      event_id: 'evt-cli',
      msg: { id: 't1', tracking_number: '9405516902697649301234', slug: 'usps', tag: 'InTransit', subtag: 'InTransit_001', checkpoints: [] },
    }),
  );
  const config = resolveConfig({ flags: {}, env: { HERALD_DATA_DIR: data, HERALD_LOG_LEVEL: 'silent' }, yamlText: null });
  const store = await openStore(config, createFakeClock());
  await store.migrate();
  await store.transact((tx) =>
    tx.quarantine({
      id: 'qua_cli_1',
      storeId: 'acme',
      source: 'aftership',
      receivedAt: '2026-11-20T12:00:00.000Z',
      contentType: 'application/json',
      body,
      headers: { 'aftership-hmac-sha256': createHmac('sha256', 'x').update(body).digest('base64') },
      error: { code: 'source_parse_failed', message: 'aftership payload: msg unreadable by build 0.0.9' },
      replayedAt: null,
      replayResult: null,
    }),
  );
  await store.close();

  const list = herald(['quarantine', 'list', '--store', 'acme']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^qua_cli_1 {2}aftership +2026-11-20T12:00:00.000Z {2}waiting {2}aftership payload: msg unreadable/m);
  const shown = herald(['quarantine', 'show', 'qua_cli_1', '--store', 'acme']);
  assert.equal((JSON.parse(shown.out) as { body: string }).body, body.toString('utf8'));
  assert.match(herald(['quarantine', 'show', 'qua_cli_1', '--store', 'other']).err, /no quarantined payload 'qua_cli_1' in store 'other'/);
  const replay = herald(['quarantine', 'replay', 'qua_cli_1', '--store', 'acme']);
  assert.equal(replay.code, 0, replay.err);
  assert.match(replay.out, /replayed qua_cli_1: 1 event\(s\), 1 accepted, 0 duplicate\(s\)/);
  assert.match(herald(['quarantine', 'replay', 'qua_cli_1', '--store', 'acme']).out, /0 accepted, 1 duplicate/);
  assert.match(herald(['quarantine', 'list', '--store', 'acme']).out, /replayed 20/);
});

test('a real server (HTTP on its worker thread): signed webhooks land, failures are counted, quarantine is kept', async () => {
  const created = herald(['keys', 'create', '--store', 'acme']);
  const key = /\n\s+(hk_[A-Za-z0-9_-]+)\n/.exec(created.out)?.[1];
  assert.ok(key, created.out + created.err);
  const server = await startHeraldProcess(['--data', data], { HERALD_HTTP_THREAD: 'true' });
  try {
    const order = readFileSync(new URL('../sources/fixtures/shopify-orders-create-vip-pickup.json', import.meta.url));
    const post = (body: Buffer, hmac: string) =>
      fetch(`${server.url}/v1/sources/shopify/acme`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': hmac, 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': 'acme.myshopify.com', 'x-shopify-webhook-id': 'wh-proc-1' },
      });
    const sign = (body: Buffer) => createHmac('sha256', 'shpss_1').update(body).digest('base64');
    assert.equal((await post(order, sign(Buffer.from('other')))).status, 401);
    assert.equal((await post(order, sign(order))).status, 200);
    const broken = Buffer.from('{"id": ');
    const quarantined = await post(broken, sign(broken));
    assert.equal(quarantined.status, 202);
    const auth = { authorization: `Bearer ${key}` };
    const health = (await (await fetch(`${server.url}/v1/sources`, { headers: auth })).json()) as { sources: Record<string, unknown>[] };
    const shopify = health.sources.find((s) => s['source'] === 'shopify')!;
    assert.equal(shopify['events_last_24h'], 1);
    assert.equal(shopify['signature_failures_last_24h'], 1);
    assert.equal(shopify['parse_failures_last_24h'], 1);
    const list = (await (await fetch(`${server.url}/v1/quarantine`, { headers: auth })).json()) as { quarantine: { id: string; source: string }[] };
    assert.ok(list.quarantine.some((q) => q.source === 'shopify'));
  } finally {
    await server.stop();
  }
});
