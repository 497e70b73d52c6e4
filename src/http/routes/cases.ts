// The review queue over HTTP, behind the store key: list and read cases with their evidence,
// assign, comment, resolve with an outcome, approve or reject drafted messages. Who acted comes
// from the `actor` field (an agent's name) and is kept in the case's audit trail.

import { Hono, type Context } from 'hono';
import { approveDraft, assign, comment, getCaseView, listCaseViews, rejectDraft, resolve, type CaseDeps } from '../../app/manage-cases.ts';
import { CASE_OUTCOMES, OWNER_TEAMS } from '../../core/cases/case-record.ts';
import { ValidationError } from '../../core/errors.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';
import { readBody } from '../read-body.ts';

const MAX_BYTES = 64 * 1024;

export function caseRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const cases: CaseDeps = { store: deps.store, clock: deps.clock };
  const body = async (c: Context<HttpEnv>): Promise<Record<string, unknown>> => {
    const text = new TextDecoder().decode(await readBody(c, MAX_BYTES));
    if (text.trim() === '') return {};
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Answered below.
    }
    throw new ValidationError('the body must be a JSON object', [{ field: '(body)', reason: 'must be a JSON object' }]);
  };
  const actorOf = (b: Record<string, unknown>) => (typeof b['actor'] === 'string' && b['actor'].trim() !== '' ? `agent:${b['actor'].trim().slice(0, 100)}` : 'api');
  const text = (b: Record<string, unknown>, field: string, required: boolean): string | undefined => {
    const value = b[field];
    if (value === undefined || value === null) {
      if (required) throw new ValidationError(`${field} is required`, [{ field, reason: 'is required' }]);
      return undefined;
    }
    if (typeof value !== 'string') throw new ValidationError(`${field} must be text`, [{ field, reason: 'must be a string' }]);
    return value;
  };

  app.get('/v1/cases', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && status !== 'open' && status !== 'resolved') throw new ValidationError('the status filter is not valid', [{ field: 'status', reason: 'must be open or resolved' }]);
    const team = c.req.query('team');
    if (team !== undefined && !(OWNER_TEAMS as readonly string[]).includes(team)) throw new ValidationError('the team filter is not valid', [{ field: 'team', reason: `must be one of ${OWNER_TEAMS.join(', ')}` }]);
    const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    return c.json({ cases: await listCaseViews(deps.store, c.get('storeId'), { status, team, assignee: c.req.query('assignee'), limit }) });
  });
  app.get('/v1/cases/:id', async (c) => c.json(await getCaseView(deps.store, c.get('storeId'), c.req.param('id'))));
  app.post('/v1/cases/:id/assign', async (c) => {
    const b = await body(c);
    const assignee = b['assignee'] === null ? null : text(b, 'assignee', true)!;
    const team = text(b, 'team', false);
    await assign(cases, c.get('storeId'), c.req.param('id'), { assignee, ...(team ? { team } : {}) }, actorOf(b));
    return c.json(await getCaseView(deps.store, c.get('storeId'), c.req.param('id')));
  });
  app.post('/v1/cases/:id/comment', async (c) => {
    const b = await body(c);
    await comment(cases, c.get('storeId'), c.req.param('id'), text(b, 'text', true)!, actorOf(b));
    return c.json(await getCaseView(deps.store, c.get('storeId'), c.req.param('id')));
  });
  app.post('/v1/cases/:id/resolve', async (c) => {
    const b = await body(c);
    const outcome = text(b, 'outcome', true)!;
    if (!(CASE_OUTCOMES as readonly string[]).includes(outcome)) throw new ValidationError('the outcome is not valid', [{ field: 'outcome', reason: `must be one of ${CASE_OUTCOMES.join(', ')}` }]);
    await resolve(cases, c.get('storeId'), c.req.param('id'), { outcome, note: text(b, 'note', false) ?? null }, actorOf(b));
    return c.json(await getCaseView(deps.store, c.get('storeId'), c.req.param('id')));
  });
  app.post('/v1/cases/:id/drafts/:notification/approve', async (c) => {
    const b = await body(c);
    const subject = text(b, 'subject', false);
    const edit = { ...(subject !== undefined ? { subject } : {}), ...(b['body'] !== undefined ? { body: text(b, 'body', true)! } : {}) };
    await approveDraft(cases, c.get('storeId'), c.req.param('id'), c.req.param('notification'), edit, actorOf(b));
    return c.json(await getCaseView(deps.store, c.get('storeId'), c.req.param('id')));
  });
  app.post('/v1/cases/:id/drafts/:notification/reject', async (c) => {
    const b = await body(c);
    await rejectDraft(cases, c.get('storeId'), c.req.param('id'), c.req.param('notification'), text(b, 'reason', false) ?? '', actorOf(b));
    return c.json(await getCaseView(deps.store, c.get('storeId'), c.req.param('id')));
  });
  return app;
}
