// The Hono application: health endpoints and signed webhooks in the open, everything else under
// /v1 behind a store key.

import { Hono } from 'hono';
import type { HttpDeps, HttpEnv } from './context.ts';
import { errorResponse } from './error-mapping.ts';
import { eventRoutes } from './routes/events.ts';
import { readRoutes } from './routes/reads.ts';
import { sourceRoutes, webhookRoutes } from './routes/sources.ts';
import { workflowRoutes } from './routes/workflows.ts';
import { channelOpenRoutes, channelRoutes } from './routes/channels.ts';
import { caseRoutes } from './routes/cases.ts';
import { contextRoutes } from './routes/context.ts';
import { adminRoutes } from './routes/admin.ts';
import { trackingRoutes } from './routes/tracking.ts';

export function createHttpApp(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.onError((error, c) => errorResponse(c, error, deps.log));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    try {
      const backlog = await deps.capacity.backlog();
      return c.json({ ready: true, backlog, ...deps.status() });
    } catch (error) {
      deps.log(error);
      return c.json({ ready: false, reason: 'the store does not answer' }, 503);
    }
  });

  // Webhooks first: a provider signs its request instead of sending a Herald key, and this
  // handler answers without passing on to the key middleware below.
  app.route('/', webhookRoutes(deps));
  app.route('/', channelOpenRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', trackingRoutes(deps));
  app.use('/v1/*', async (c, next) => {
    c.set('storeId', await deps.keys.storeOf(c.req.header('authorization')));
    await next();
  });
  app.get('/v1/status', async (c) => {
    const storeId = c.get('storeId');
    // The backlog is the install's (it is what the surge bound counts); job totals per store and
    // across stores stay with the operator (`herald status`), not with every store's key.
    const [backlog, events] = await Promise.all([deps.capacity.backlog(), deps.store.reads.countEvents(storeId)]);
    return c.json({ store_id: storeId, events, backlog: { scope: 'install', ...backlog }, ...deps.status() });
  });
  app.route('/', eventRoutes(deps));
  app.route('/', readRoutes(deps));
  app.route('/', sourceRoutes(deps));
  app.route('/', workflowRoutes(deps));
  app.route('/', channelRoutes(deps));
  app.route('/', caseRoutes(deps));
  app.route('/', contextRoutes(deps));
  return app;
}
