// Workflows over HTTP: the same YAML (or JSON) documents as the files, validated with the file's
// line numbers; every save a new version. And the messages workflows produced (the outbox).

import { Hono, type Context } from 'hono';
import { notificationView } from '../../app/read-views.ts';
import { getVersion, getWorkflowDetail, listWorkflowSummaries, saveWorkflow, setEnabled } from '../../app/manage-workflows.ts';
import { ValidationError } from '../../core/errors.ts';
import { parseWorkflowText } from '../../core/workflows/parse-workflow.ts';
import { workflowJsonSchema } from '../../core/workflows/workflow-schema.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';
import { readBody } from '../read-body.ts';

const MAX_WORKFLOW_BYTES = 512 * 1024;

export function workflowRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const manage = { store: deps.store, clock: deps.clock, catalog: deps.catalog };
  const text = async (c: Context<HttpEnv>) => new TextDecoder().decode(await readBody(c, MAX_WORKFLOW_BYTES));

  app.get('/v1/workflows', async (c) => c.json({ workflows: await listWorkflowSummaries(deps.store, c.get('storeId')) }));
  app.get('/v1/workflows/schema', (c) => c.json(workflowJsonSchema()));
  app.post('/v1/workflows/validate', async (c) => {
    const parsed = parseWorkflowText('request body', await text(c));
    return c.json(parsed.ok ? { valid: true, id: parsed.document.id, problems: [] } : { valid: false, problems: parsed.problems }, parsed.ok ? 200 : 400);
  });
  app.put('/v1/workflows/:id', async (c) => {
    const saved = await saveWorkflow(manage, c.get('storeId'), await text(c), { expectedId: c.req.param('id'), createdBy: 'api' });
    return c.json(saved, saved.created ? 201 : 200);
  });
  app.post('/v1/workflows', async (c) => {
    const saved = await saveWorkflow(manage, c.get('storeId'), await text(c), { createdBy: 'api' });
    return c.json(saved, saved.created ? 201 : 200);
  });
  app.get('/v1/workflows/:id', async (c) => c.json(await getWorkflowDetail(deps.store, c.get('storeId'), c.req.param('id'))));
  app.get('/v1/workflows/:id/versions/:version', async (c) => {
    const version = Number(c.req.param('version'));
    if (!Number.isSafeInteger(version) || version < 1) throw new ValidationError('the version must be a whole number from 1', [{ field: 'version', reason: 'must be a whole number from 1' }]);
    const record = await getVersion(deps.store, c.get('storeId'), c.req.param('id'), version);
    return c.json({ id: record.workflowId, version: record.version, created_at: record.createdAt, created_by: record.createdBy, document: record.document, source_text: record.sourceText });
  });
  app.post('/v1/workflows/:id/enable', async (c) => c.json(await setEnabled(manage, c.get('storeId'), c.req.param('id'), true)));
  app.post('/v1/workflows/:id/disable', async (c) => c.json(await setEnabled(manage, c.get('storeId'), c.req.param('id'), false)));

  app.get('/v1/notifications', async (c) => {
    const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const channels = c.req.query('channel')?.split(',').filter(Boolean);
    const statuses = c.req.query('status')?.split(',').filter(Boolean);
    const rows = await deps.store.reads.listNotifications(c.get('storeId'), { limit, ...(channels ? { channels } : {}), ...(statuses ? { statuses } : {}) });
    return c.json({ notifications: rows.map(notificationView) });
  });
  app.get('/v1/notifications/:id', async (c) => {
    const row = await deps.store.reads.getNotification(c.get('storeId'), c.req.param('id'));
    if (!row) return c.json({ error: { code: 'not_found', message: `no notification '${c.req.param('id')}' in this store` } }, 404);
    return c.json(notificationView(row));
  });
  return app;
}
