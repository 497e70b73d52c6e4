// The one place where Herald's error codes become HTTP statuses and JSON error bodies.

import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HeraldError, OverloadedError, ValidationError } from '../core/errors.ts';

const STATUS_BY_CODE: Readonly<Record<string, ContentfulStatusCode>> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  source_parse_failed: 422,
  source_unknown: 422,
  overloaded: 429,
  schema_ahead: 503,
  config_invalid: 500,
};

/** The HTTP status of one of Herald's error codes (500 for codes that have none). */
export function statusOfCode(code: string): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 500;
}

export function errorResponse(c: Context, error: unknown, log?: (error: unknown) => void): Response {
  if (error instanceof HeraldError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    if (error instanceof OverloadedError) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    const body: Record<string, unknown> = { code: error.code, message: error.message };
    if (error instanceof ValidationError) body['issues'] = error.issues;
    else if (error.details && status < 500) body['details'] = error.details;
    if (status >= 500) log?.(error);
    return c.json({ error: body }, status);
  }
  log?.(error);
  return c.json({ error: { code: 'internal', message: 'internal error: nothing from this request was stored; see the server log' } }, 500);
}
