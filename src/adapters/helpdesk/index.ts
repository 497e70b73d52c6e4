// Help desk clients by provider name, and the settings each one takes (docs/helpdesks.md).

import type { HelpdeskClient } from '../../core/ports/helpdesk.ts';
import { createFreshdeskClient, freshdeskClientSettingsSchema } from './freshdesk-client.ts';
import { createGorgiasClient, gorgiasClientSettingsSchema } from './gorgias-client.ts';
import type { HelpdeskClientOptions } from './helpdesk-http.ts';
import { createZendeskClient, zendeskClientSettingsSchema } from './zendesk-client.ts';

/** The help desks Herald can answer in. */
export const HELPDESK_PROVIDERS = ['zendesk', 'gorgias', 'freshdesk'] as const;
export type HelpdeskProvider = (typeof HELPDESK_PROVIDERS)[number];

export function isHelpdeskProvider(value: unknown): value is HelpdeskProvider {
  return typeof value === 'string' && (HELPDESK_PROVIDERS as readonly string[]).includes(value);
}

/**
 * A client from a store's settings; throws the zod error (each issue names its field) when the
 * settings do not fit the provider's schema.
 */
export function createHelpdeskClient(provider: HelpdeskProvider, settings: unknown, options: HelpdeskClientOptions = {}): HelpdeskClient {
  switch (provider) {
    case 'zendesk':
      return createZendeskClient(zendeskClientSettingsSchema.parse(settings), options);
    case 'gorgias':
      return createGorgiasClient(gorgiasClientSettingsSchema.parse(settings), options);
    case 'freshdesk':
      return createFreshdeskClient(freshdeskClientSettingsSchema.parse(settings), options);
  }
}

export { createFreshdeskClient, freshdeskClientSettingsSchema, type FreshdeskClientSettings } from './freshdesk-client.ts';
export { createGorgiasClient, gorgiasClientSettingsSchema, type GorgiasClientSettings } from './gorgias-client.ts';
export { DEFAULT_HELPDESK_TIMEOUT_MS, type HelpdeskClientOptions } from './helpdesk-http.ts';
export { createZendeskClient, zendeskClientSettingsSchema, type ZendeskClientSettings } from './zendesk-client.ts';
