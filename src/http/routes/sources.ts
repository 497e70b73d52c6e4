// Webhook sources: `POST /v1/sources/<source>/<store>` (public: providers sign their requests
// instead of sending a Herald key), and, behind the store key, source health and quarantine.
//
// Statuses a provider sees: 200 for an accepted webhook (also when every event was a duplicate:
// a retry must stop), exactly 200 for a WooCommerce ping, 202 with `quarantined: true` for an
// authentic payload Herald could not read (kept for replay; a 4xx or 5xx would make the provider
// retry the same bytes for days and then disable the webhook), 401 for a bad or missing
// signature, 403 for a Shopify shop that is not the store's, 404 for an unknown store or source,
// 413 for a body over the limit, 429 when the backlog is too deep (the provider retries later).

import { Hono } from 'hono';
import { receiveWebhook, type WebhookDeps } from '../../app/receive-webhook.ts';
import { quarantineView, replayQuarantined } from '../../app/replay-quarantined.ts';
import { describeSourceHealth } from '../../app/source-health.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';
import { readBody } from '../read-body.ts';

const MAX_QUARANTINE_LIST = 500;

/** The public webhook endpoint; mount it before the key middleware. */
export function webhookRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const webhookDeps: WebhookDeps = {
    store: deps.store,
    gateway: deps.ingest,
    clock: deps.clock,
    ids: deps.ids,
    sources: deps.sources,
    assertCanAccept: () => deps.capacity.assertCanAccept(),
  };
  app.post('/v1/sources/:source/:store', async (c) => {
    const body = await readBody(c, deps.maxBodyBytes);
    const outcome = await receiveWebhook(webhookDeps, {
      source: c.req.param('source'),
      storeId: c.req.param('store'),
      body,
      headers: c.req.header(),
      url: new URL(c.req.url),
    });
    switch (outcome.kind) {
      case 'ping':
        return c.json({ ok: true, ping: true }, 200);
      case 'ingested':
        return c.json({ ok: true, events: outcome.events, accepted: outcome.accepted, duplicates: outcome.duplicates }, 200);
      case 'quarantined':
        return c.json(
          {
            ok: false,
            quarantined: true,
            quarantine_id: outcome.quarantineId,
            events: outcome.events,
            accepted: outcome.accepted,
            duplicates: outcome.duplicates,
            error: outcome.error,
          },
          202,
        );
    }
  });
  return app;
}

/** Source health and quarantine, scoped to the key's store. */
export function sourceRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.get('/v1/sources', async (c) => {
    const storeId = c.get('storeId');
    return c.json({ store_id: storeId, sources: await describeSourceHealth(deps.store, storeId, deps.clock.nowMs()) });
  });
  app.get('/v1/quarantine', async (c) => {
    const limit = Math.min(MAX_QUARANTINE_LIST, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    const entries = await deps.store.reads.listQuarantine(c.get('storeId'), limit);
    return c.json({ quarantine: entries.map((entry) => quarantineView(entry, false)) });
  });
  app.get('/v1/quarantine/:id', async (c) => {
    const id = c.req.param('id');
    const entry = await deps.store.reads.getQuarantine(c.get('storeId'), id);
    if (!entry) throw new NotFoundError(`no quarantined payload '${id}' in this store`);
    return c.json(quarantineView(entry, true));
  });
  app.post('/v1/quarantine/:id/replay', async (c) => {
    const outcome = await replayQuarantined(
      { store: deps.store, gateway: deps.ingest, clock: deps.clock, sources: deps.sources },
      c.get('storeId'),
      c.req.param('id'),
    );
    return c.json({ replayed: true, ...outcome });
  });
  return app;
}
