// Every webhook source adapter, by the name used in `POST /v1/sources/<source>/<store>`.

import { aftershipAdapter } from './aftership.ts';
import { easypostAdapter } from './easypost.ts';
import { seventeenTrackAdapter } from './seventeen-track.ts';
import { shippoAdapter } from './shippo.ts';
import { shopifyAdapter } from './shopify.ts';
import type { SourceAdapter, SourceName } from './source-adapter.ts';
import { woocommerceAdapter } from './woocommerce.ts';

export const SOURCE_ADAPTERS: Readonly<Record<SourceName, SourceAdapter>> = Object.freeze({
  shopify: shopifyAdapter,
  woocommerce: woocommerceAdapter,
  aftership: aftershipAdapter,
  easypost: easypostAdapter,
  shippo: shippoAdapter,
  '17track': seventeenTrackAdapter,
});

export { isSourceName, SOURCE_NAMES } from './source-adapter.ts';
export type { ParsedWebhook, SourceAdapter, SourceName, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
export { SourceParseError } from './source-errors.ts';
export { SHIPPO_SIGNATURE_TOLERANCE_MS } from './shippo.ts';
export { SHOPIFY_FULFILLMENT_REF_PREFIX } from './shopify-payloads.ts';
