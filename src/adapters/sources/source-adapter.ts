// The port every webhook source implements (DESIGN.md §1, "sources"): check that a request is
// authentic over its raw bytes, then turn an authentic payload into canonical event inputs. An
// adapter does no I/O and keeps no state; the HTTP route, quarantine and source health that
// call it live elsewhere. The request/result types are the core port (src/core/ports/source.ts).

import type { ParsedWebhook, SourceRequest, WebhookSource } from '../../core/ports/source.ts';

/** Every webhook source Herald understands, by the name used in routes and in `event.source`. */
export const SOURCE_NAMES = ['shopify', 'woocommerce', 'aftership', 'easypost', 'shippo', '17track', 'gorgias', 'zendesk', 'freshdesk', 'helpdesk'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export function isSourceName(value: unknown): value is SourceName {
  return typeof value === 'string' && (SOURCE_NAMES as readonly string[]).includes(value);
}

export type { ParsedWebhook, SourceRequest, SourceSecrets, VerifyResult } from '../../core/ports/source.ts';

export interface SourceAdapter extends WebhookSource {
  name: SourceName;
  /** The built-in providers read synchronously. */
  parse(request: SourceRequest): ParsedWebhook;
}
