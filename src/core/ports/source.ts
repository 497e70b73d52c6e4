// The port every webhook source implements (DESIGN.md §1, "sources"): check that a request is
// authentic over its raw bytes, then turn an authentic payload into canonical event inputs. It
// lives in core so that HTTP can call sources that main.ts wires in, without importing adapters.

/** One webhook delivery exactly as received. */
export interface SourceRequest {
  /** The body bytes as they arrived: signatures are computed over these, never over parsed JSON. */
  body: Uint8Array;
  /** Header names in lower case. */
  headers: Record<string, string>;
  url: URL;
  /** When Herald received the request; timestamped signatures are checked against it. */
  receivedAtMs: number;
}

/** What a store configured for one source. Secrets are never logged or put into events. */
export interface SourceSecrets {
  /** The per-source secret: HMAC key (Shopify, WooCommerce, AfterShip, EasyPost, Shippo), API key (17TRACK) or URL token. */
  secret: string;
  /**
   * Shippo only: the self-generated `?token=` of the webhook URL when it differs from the HMAC
   * secret. Without it a `?token=` is compared with `secret`.
   */
  urlToken?: string | undefined;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** An authentic payload, read. */
export interface ParsedWebhook {
  /** The provider's webhook/delivery/event id when it sends one (logging and source health). */
  deliveryId: string | null;
  /** The provider's topic or event name, e.g. `orders/create`, `tracking_update`, `ping`. */
  topic: string | null;
  /**
   * Canonical event inputs (they pass `eventInputSchema`), oldest checkpoint first. Empty when the
   * topic carries nothing Herald tracks; the route still answers 2xx so the provider stops retrying.
   */
  events: unknown[];
  /** Shopify: `X-Shopify-Shop-Domain`, to check the route's store really owns this shop. */
  shopDomain?: string | null;
  /**
   * WooCommerce: the unsigned ping sent when a webhook is created. WooCommerce saves the webhook
   * only if the answer is exactly HTTP 200.
   */
  ping?: boolean;
}

export interface WebhookSource {
  /** The name used in `POST /v1/sources/<source>/<store>` and in `event.source`. */
  name: string;
  /**
   * Authenticate the raw bytes before anything parses them. Constant-time comparison; the reason
   * names the header or secret to check. Never throws.
   */
  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult;
  /**
   * Read an authentic payload. Throws an error with code `source_parse_failed` (naming the field)
   * when the payload cannot be turned into events, and nothing else: the route quarantines it.
   */
  parse(request: SourceRequest): ParsedWebhook | Promise<ParsedWebhook>;
}

/**
 * The adapter for one store's configuration of a source: a built-in provider by name, or a generic
 * JSON source built from the configuration's `settings`. Null when there is none.
 */
export type SourceResolver = (source: string, settings: Record<string, unknown> | null) => WebhookSource | null;
