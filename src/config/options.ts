// Every Herald option, declared once: type, default, unit, where it can be set, and what it does.
// Precedence: command-line flag > HERALD_* environment variable > herald.config.yaml > default.

import { z } from 'zod';

export interface OptionSpec<T> {
  /** Name in herald.config.yaml and in `herald config print`. */
  key: string;
  env: string;
  /** Long flag without dashes, when the option has one. */
  flag?: string;
  schema: z.ZodType<T>;
  default: T;
  doc: string;
  secret?: boolean;
}

const port = z.coerce.number().int().min(0, 'must be 0-65535').max(65535, 'must be 0-65535');
/** A yaml boolean, or true/false (also yes/no, on/off, 1/0) from the environment or a flag. */
const trueOrFalse = z.union([z.boolean(), z.stringbool()], { error: 'must be true or false' });
const positiveInt = z.coerce.number().int().positive('must be a positive whole number');

export const OPTIONS = {
  /** TCP port of the HTTP server. */
  port: { key: 'port', env: 'HERALD_PORT', flag: 'port', schema: port, default: 8080, doc: 'TCP port of the HTTP server' },
  /** Interface the HTTP server binds; 127.0.0.1 keeps Herald private until a proxy fronts it. */
  host: { key: 'host', env: 'HERALD_HOST', flag: 'host', schema: z.string().min(1), default: '127.0.0.1', doc: 'interface to bind (127.0.0.1 = this machine only)' },
  /** Folder of the embedded SQLite store and the pid file. */
  dataDir: { key: 'data_dir', env: 'HERALD_DATA_DIR', flag: 'data', schema: z.string().min(1), default: './data', doc: 'folder of the embedded SQLite store' },
  /** postgres://user:pass@host/db selects the PostgreSQL store instead of SQLite. */
  databaseUrl: {
    key: 'database_url',
    env: 'HERALD_DATABASE_URL',
    flag: 'database-url',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .nullable(),
    default: null,
    doc: 'PostgreSQL connection URL; when unset, the embedded SQLite store in data_dir is used',
    secret: true,
  },
  /** Which loops this process runs: the HTTP API, the job worker, or both. */
  role: { key: 'role', env: 'HERALD_ROLE', flag: 'role', schema: z.enum(['all', 'http', 'worker']), default: 'all' as 'all' | 'http' | 'worker', doc: 'http, worker or all' },
  logLevel: {
    key: 'log_level',
    env: 'HERALD_LOG_LEVEL',
    flag: 'log-level',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
    doc: 'log level (pino)',
  },
  /** Largest request body accepted, in bytes (a 10,000-event batch is a few MB). */
  maxBodyBytes: { key: 'max_body_bytes', env: 'HERALD_MAX_BODY_BYTES', schema: positiveInt, default: 16 * 1024 * 1024, doc: 'largest request body in bytes' },
  /** Most events in one batch request. */
  maxBatchEvents: { key: 'max_batch_events', env: 'HERALD_MAX_BATCH_EVENTS', schema: positiveInt, default: 10_000, doc: 'most events in one batch request' },
  /**
   * Business hours (the carrier's calendar: no Sundays, public holidays) without a carrier scan
   * before a parcel is signalled as stalled, for stores whose settings name none.
   */
  stallAfterHours: { key: 'stall_after_hours', env: 'HERALD_STALL_AFTER_HOURS', schema: z.coerce.number().positive(), default: 48, doc: 'business hours without a scan before a parcel counts as stalled (a store\'s own setting wins)' },
  /** How long a claimed job is leased to a worker before another may take it, in ms. */
  jobLeaseMs: { key: 'job_lease_ms', env: 'HERALD_JOB_LEASE_MS', schema: positiveInt, default: 60_000, doc: 'job lease in ms; a crashed worker\'s jobs are retried after it' },
  /** Most jobs a worker claims at once. */
  jobClaimBatch: { key: 'job_claim_batch', env: 'HERALD_JOB_CLAIM_BATCH', schema: positiveInt, default: 200, doc: 'most jobs claimed per poll' },
  /** Longest sleep between polls for due jobs, in ms (wake-ups cut it short). */
  jobPollMs: { key: 'job_poll_ms', env: 'HERALD_JOB_POLL_MS', schema: positiveInt, default: 500, doc: 'longest wait between job polls in ms' },
  /**
   * Runs started by a transaction of at most this many events begin in it at once (lowest
   * latency); a bigger one (a batch, or webhooks merged under load) leaves them to the worker.
   */
  inlineRunEvents: { key: 'inline_run_events', env: 'HERALD_INLINE_RUN_EVENTS', schema: z.coerce.number().int().min(0), default: 16, doc: 'runs of an ingest of at most this many events start in its transaction (0 = always by the worker)' },
  /**
   * A message the send step decides goes to its provider right after its commit, from the
   * process that decided it (src/app/hand-over-notification.ts); false sends every message
   * through the dispatch queue. Only processes that run a worker hand over.
   */
  handOver: {
    key: 'hand_over',
    env: 'HERALD_HAND_OVER',
    schema: trueOrFalse,
    default: true as boolean,
    doc: 'hand a decided message to its provider right after its commit (false: through the dispatch queue)',
  },
  /** Surge bound: past this many due, unfinished jobs, ingest answers 429 with Retry-After. */
  backlogLimit: { key: 'backlog_limit', env: 'HERALD_BACKLOG_LIMIT', schema: positiveInt, default: 200_000, doc: 'due jobs past which ingest answers 429' },
  /**
   * Serve HTTP on a worker thread while the main thread owns the SQLite writer, so both cores
   * work. PostgreSQL ignores it (scale out with more processes instead).
   */
  httpThread: {
    key: 'http_thread',
    env: 'HERALD_HTTP_THREAD',
    schema: trueOrFalse,
    default: true as boolean,
    doc: 'serve HTTP on a worker thread (SQLite only)',
  },
  /**
   * Where customers and providers reach this Herald (behind a proxy: the proxy's https URL).
   * Message links (open pixel, clicks, unsubscribe) and provider callback URLs start with it, and
   * Twilio's signatures cover it. Unset: http://<host>:<port>.
   */
  publicUrl: {
    key: 'public_url',
    env: 'HERALD_PUBLIC_URL',
    schema: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://herald.example.com' }).nullable(),
    default: null,
    doc: 'public base URL for message links and provider callbacks (default http://<host>:<port>)',
  },
  /** Months of event log kept (PostgreSQL drops older monthly partitions); 0 keeps everything. */
  eventRetentionMonths: { key: 'event_retention_months', env: 'HERALD_EVENT_RETENTION_MONTHS', schema: z.coerce.number().int().min(0), default: 0, doc: 'months of event log to keep (0 = forever)' },
} as const satisfies Record<string, OptionSpec<unknown>>;

type Options = typeof OPTIONS;
export type HeraldConfig = Readonly<{ [K in keyof Options]: Options[K]['default'] extends null ? string | null : Options[K]['default'] }>;
