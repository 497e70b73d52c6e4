// Signs a demo webhook the way each provider does (src/adapters/sources/*.ts): Shopify and
// AfterShip base64 HMAC-SHA256 of the body, EasyPost hex HMAC with its prefix, Zendesk base64
// HMAC of timestamp + body with the timestamp in its own header.

import { createHmac } from 'node:crypto';
import { SHOP_DOMAIN } from './demo-catalog.ts';
import type { DemoDelivery, DemoSource } from './plan-shop-week.ts';

export type DemoSecrets = Readonly<Record<DemoSource, string>>;

export function signDemoWebhook(delivery: DemoDelivery, secrets: DemoSecrets, nowMs: number): Record<string, string> {
  const body = Buffer.from(delivery.body, 'utf8');
  const hmac = (key: string | Buffer, ...parts: (string | Buffer)[]) => {
    const h = createHmac('sha256', key);
    for (const part of parts) h.update(part);
    return h;
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (delivery.source) {
    case 'shopify':
      headers['x-shopify-topic'] = delivery.topic ?? '';
      headers['x-shopify-hmac-sha256'] = hmac(secrets.shopify, body).digest('base64');
      headers['x-shopify-webhook-id'] = delivery.deliveryId;
      headers['x-shopify-shop-domain'] = SHOP_DOMAIN;
      headers['x-shopify-triggered-at'] = new Date(nowMs).toISOString();
      break;
    case 'aftership':
      headers['aftership-hmac-sha256'] = hmac(secrets.aftership, body).digest('base64');
      break;
    case 'easypost':
      headers['x-hmac-signature'] = `hmac-sha256-hex=${hmac(Buffer.from(secrets.easypost.normalize('NFKD'), 'utf8'), body).digest('hex')}`;
      break;
    case 'zendesk': {
      const timestamp = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      headers['x-zendesk-webhook-signature-timestamp'] = timestamp;
      headers['x-zendesk-webhook-signature'] = hmac(secrets.zendesk, timestamp, body).digest('base64');
      break;
    }
  }
  return headers;
}
