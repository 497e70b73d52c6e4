// Every webhook source adapter, by the name used in `POST /v1/sources/<source>/<store>`.

import { aftershipAdapter } from './aftership.ts';
import { easypostAdapter } from './easypost.ts';
import { freshdeskAdapter } from './freshdesk.ts';
import { gorgiasAdapter } from './gorgias.ts';
import { helpdeskAdapter } from './helpdesk.ts';
import { seventeenTrackAdapter } from './seventeen-track.ts';
import { shippoAdapter } from './shippo.ts';
import { shopifyAdapter } from './shopify.ts';
import type { SourceResolver, WebhookSource } from '../../core/ports/source.ts';
import { compileGenericSource } from './generic-json.ts';
import { SourceParseError } from './source-errors.ts';
import { isSourceName } from './source-adapter.ts';
import type { SourceAdapter, SourceName } from './source-adapter.ts';
import { woocommerceAdapter } from './woocommerce.ts';
import { zendeskAdapter } from './zendesk.ts';

export const SOURCE_ADAPTERS: Readonly<Record<SourceName, SourceAdapter>> = Object.freeze({
  shopify: shopifyAdapter,
  woocommerce: woocommerceAdapter,
  aftership: aftershipAdapter,
  easypost: easypostAdapter,
  shippo: shippoAdapter,
  '17track': seventeenTrackAdapter,
  gorgias: gorgiasAdapter,
  zendesk: zendeskAdapter,
  freshdesk: freshdeskAdapter,
  helpdesk: helpdeskAdapter,
});

/**
 * The adapters as the HTTP layer takes them: a built-in provider by its name, else a generic JSON
 * source compiled from the store's settings (cached per settings text). Settings that do not
 * compile give an adapter whose `parse` fails, so authentic payloads are quarantined, not lost.
 */
export function webhookSources(): SourceResolver {
  const compiled = new Map<string, WebhookSource>();
  return (source, settings) => {
    if (isSourceName(source)) return SOURCE_ADAPTERS[source];
    if (settings?.['kind'] !== 'generic') return null;
    const key = `${source}\u0000${JSON.stringify(settings)}`;
    let adapter = compiled.get(key);
    if (!adapter) {
      adapter = compileOrBroken(source, settings);
      if (compiled.size > 1_000) compiled.clear();
      compiled.set(key, adapter);
    }
    return adapter;
  };
}

function compileOrBroken(source: string, settings: Record<string, unknown>): WebhookSource {
  try {
    return compileGenericSource(source, settings);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return {
      name: source,
      verify: () => ({ ok: false, reason: `the settings of source '${source}' are invalid (${problem}): fix them with \`herald sources add-generic\`` }),
      parse: () => {
        throw new SourceParseError(source, 'settings', problem);
      },
    };
  }
}

export { isSourceName, SOURCE_NAMES } from './source-adapter.ts';
export type { ParsedWebhook, SourceAdapter, SourceName, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
export { SourceParseError } from './source-errors.ts';
export { SHIPPO_SIGNATURE_TOLERANCE_MS } from './shippo.ts';
export { ZENDESK_SIGNATURE_TOLERANCE_MS } from './zendesk.ts';
export { SHOPIFY_FULFILLMENT_REF_PREFIX } from './shopify-payloads.ts';
