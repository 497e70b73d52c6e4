// Herald's error family: a stable `code` for programs, a message that says what to do next.
// Core errors carry no HTTP status; src/http/error-mapping.ts maps codes to statuses.

export interface FieldIssue {
  /** Dotted path to the offending field, e.g. `shipment.tracking_number` or `[3].occurred_at`. */
  field: string;
  /** Why the value was refused, in words an integrator can act on. */
  reason: string;
}

/** Base class of every error Herald raises on purpose. */
export class HeraldError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

/** Input that does not satisfy the contract; lists every bad field. */
export class ValidationError extends HeraldError {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[]) {
    super('validation_failed', message, { details: { issues } });
    this.issues = issues;
  }
}

/** A request body or batch larger than the configured limit. */
export class PayloadTooLargeError extends HeraldError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('payload_too_large', message, details === undefined ? undefined : { details });
  }
}

/** Missing, malformed or unknown credentials. */
export class AuthenticationError extends HeraldError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/** Valid credentials that may not touch the resource (another store's data). */
export class ForbiddenError extends HeraldError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class NotFoundError extends HeraldError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('not_found', message, details === undefined ? undefined : { details });
  }
}

/** The system is protecting itself (backlog past its bound); retry after `retryAfterMs`. */
export class OverloadedError extends HeraldError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super('overloaded', message, { details: { retryAfterMs } });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The database schema is newer than this build of Herald. */
export class SchemaAheadError extends HeraldError {
  constructor(message: string, details: Record<string, unknown>) {
    super('schema_ahead', message, { details });
  }
}

/** Configuration that cannot be used; names the option and the reason. */
export class ConfigError extends HeraldError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('config_invalid', message, details === undefined ? undefined : { details });
  }
}

/** A job's lease ended (another worker may hold it now) before its completion was written. */
export class LeaseLost extends HeraldError {
  constructor(message: string) {
    super('lease_lost', message);
  }
}

/** A job failed in a way retrying cannot fix; the job is parked with its error. */
export class PermanentFailure extends HeraldError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('permanent_failure', message, options);
  }
}

/** A job asks to be retried after a specific delay (e.g. a provider's Retry-After). */
export class RetryLater extends HeraldError {
  readonly afterMs: number;

  constructor(message: string, afterMs: number, options?: { cause?: unknown }) {
    super('retry_later', message, options);
    this.afterMs = afterMs;
  }
}

/** The request is valid but the resource is not in a state that allows it (resolving a resolved case). */
export class ConflictError extends HeraldError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, details === undefined ? undefined : { details });
  }
}
