// The help desk port: how Herald answers a ticket it read from a help desk source (docs/helpdesks.md).
// A client speaks one help desk's API and nothing else. Deciding whether to answer, what to say,
// retries and their backoff belong to the caller (docs/tickets.md); a client never throws and
// never retries by itself. Left out on purpose: reading tickets (sources bring them), assignment,
// status changes, attachments.

/** What a help desk said to one call. */
export type HelpdeskOutcome =
  | { ok: true }
  /**
   * `temporary`: worth trying again (429, 5xx, timeout, network), after `retryAfterMs` when the
   * help desk said so. Otherwise the same call will be refused again (bad credentials, unknown
   * ticket, validation error).
   */
  | { ok: false; temporary: boolean; reason: string; retryAfterMs: number | null };

/** One help desk account's API, with its credentials bound. */
export interface HelpdeskClient {
  /** `zendesk`, `gorgias` or `freshdesk`. */
  readonly provider: string;
  /** A reply on the ticket: to the customer when `public`, else visible to agents only. */
  reply(ticketId: string, text: string, options: { public: boolean }): Promise<HelpdeskOutcome>;
  /** Adds tags, keeping the ticket's other tags. */
  tag(ticketId: string, tags: string[]): Promise<HelpdeskOutcome>;
  /** An internal note, never sent to the customer. */
  note(ticketId: string, text: string): Promise<HelpdeskOutcome>;
}
