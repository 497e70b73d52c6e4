// What a merchant pastes into each provider: where the webhook goes, which topics to subscribe,
// and which secret Herald needs. `herald sources add` prints it; docs/sources.md says the same.

import type { SourceName } from './source-adapter.ts';

export interface SetupGuide {
  /** The provider's name for the secret `--secret` takes. */
  secret: string;
  /** Topics (events) to subscribe, in the provider's words. */
  topics: readonly string[];
  /** Where to paste the URL and anything else to know. */
  notes: readonly string[];
}

export const SETUP_GUIDES: Readonly<Record<SourceName, SetupGuide>> = {
  shopify: {
    secret: "the app's client secret (or the signing secret shown under Settings > Notifications > Webhooks)",
    topics: [
      'orders/create',
      'orders/paid',
      'orders/updated',
      'orders/fulfilled',
      'orders/cancelled',
      'refunds/create',
      'fulfillments/create',
      'fulfillments/update',
      'fulfillment_events/create',
    ],
    notes: ['Format: JSON. Pass --shop-domain <shop>.myshopify.com so that webhooks of any other shop are refused.'],
  },
  woocommerce: {
    secret: "the webhook's Secret field (as decoded text)",
    topics: ['order.created', 'order.updated'],
    notes: ['WooCommerce > Settings > Advanced > Webhooks: one webhook per topic, Status Active, API version WP REST API v3.'],
  },
  aftership: {
    secret: 'the webhook secret (Settings > Webhooks)',
    topics: ['tracking_update (all tracking statuses)'],
    notes: ['Webhook version 2024-07 or later; Herald reads the `aftership-hmac-sha256` header.'],
  },
  easypost: {
    secret: 'the webhook secret set when creating the webhook (webhook_secret)',
    topics: ['tracker.created', 'tracker.updated'],
    notes: ['Create the webhook with the URL below and the same secret; Herald reads `X-Hmac-Signature`.'],
  },
  shippo: {
    secret: 'the HMAC secret Shippo provisioned (or the URL token, if you use only the token)',
    topics: ['track_updated'],
    notes: ['Pass --url-token to put a self-generated ?token= in the URL; Shippo waits at most 3 s for an answer.'],
  },
  '17track': {
    secret: "the account's security key (API key)",
    topics: ['TRACKING_UPDATED', 'TRACKING_STOPPED (acknowledged, no events)'],
    notes: ['Settings > Webhook URL (API v2.2+); Herald checks the `sign` header.'],
  },
  gorgias: {
    secret: 'a token you choose, sent by the HTTP integration as the X-Herald-Token header',
    topics: ['Ticket created', 'Ticket message created'],
    notes: ['Settings > App Store > HTTP integration: method POST, JSON, header X-Herald-Token, body template from docs/helpdesks.md.'],
  },
  zendesk: {
    secret: "the webhook's signing secret (Admin Center > Apps and integrations > Webhooks > the webhook > Reveal secret)",
    topics: ['a trigger on Ticket is Created', 'a trigger on Comment is Public and Current user is (end-user)'],
    notes: ['Webhook: POST, JSON; each trigger notifies it with the JSON body from docs/helpdesks.md. Herald checks X-Zendesk-Webhook-Signature (5 minutes tolerance).'],
  },
  freshdesk: {
    secret: 'a token you choose: the X-Herald-Token custom header, or the password (or API key) of "Requires authentication"',
    topics: ['an automation on ticket creation', 'an automation on ticket updates: Reply is sent, performed by the requester'],
    notes: ['Action "Trigger webhook": POST, JSON, Advanced content from docs/helpdesks.md.'],
  },
  helpdesk: {
    secret: 'the HMAC key for X-Herald-Signature (hex HMAC-SHA256 of the body), or the X-Herald-Token value',
    topics: ['every customer message, as one JSON ticket message (docs/helpdesks.md)'],
    notes: ['For help desks without a built-in adapter; `from_agent: true` marks agent messages.'],
  },
};

/** The exact URL to paste into the provider. */
export function webhookUrl(publicUrl: string, source: string, storeId: string, urlToken: string | null): string {
  const base = publicUrl.replace(/\/+$/, '');
  const url = `${base}/v1/sources/${encodeURIComponent(source)}/${encodeURIComponent(storeId)}`;
  return urlToken === null ? url : `${url}?token=${encodeURIComponent(urlToken)}`;
}
