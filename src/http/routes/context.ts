// Agent context: GET /v1/context?email=|phone=|order=|tracking=[&format=gorgias|zendesk], behind
// the store key. One call answers what a support agent needs about a customer's recent orders
// (docs/agent-context.md).

import { Hono } from 'hono';
import { loadAgentContext, parseContextQuery } from '../../app/agent-context.ts';
import { toGorgias, toZendesk } from '../../app/agent-context-views.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';

const FORMATS = ['herald', 'gorgias', 'zendesk'] as const;
type ContextFormat = (typeof FORMATS)[number];

export function contextRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();

  app.get('/v1/context', async (c) => {
    const format = c.req.query('format') ?? 'herald';
    if (!isFormat(format)) {
      throw new ValidationError(`bad context query: format must be one of ${FORMATS.join(', ')}`, [{ field: 'format', reason: `must be one of ${FORMATS.join(', ')}` }]);
    }
    const query = parseContextQuery(c.req.query());
    // Help desks fetch on every ticket event; what they show must be fresh, never a cached copy.
    c.header('Cache-Control', 'no-store');
    let context: Awaited<ReturnType<typeof loadAgentContext>>;
    try {
      context = await loadAgentContext(deps.store, c.get('storeId'), query, { nowMs: deps.clock.nowMs() });
    } catch (error) {
      // Gorgias switches an HTTP integration off after 100 failures in a row, and most tickets come
      // from customers Herald may not know: the widget gets a 200 that says so instead of a 404.
      if (format === 'gorgias' && error instanceof NotFoundError) return c.json({ herald: { found: 'no', searched: `${query.field}: ${query.value}`, summary: error.message } });
      throw error;
    }
    if (format === 'gorgias') return c.json(toGorgias(context));
    if (format === 'zendesk') return c.json(toZendesk(context));
    return c.json(context);
  });

  return app;
}

function isFormat(value: string): value is ContextFormat {
  return (FORMATS as readonly string[]).includes(value);
}
