// Zendesk Support API: a reply or internal note is a comment added by updating the ticket
// (PUT /api/v2/tickets/{id}.json with { ticket: { comment: { body, public } } }); tags are added with
// PUT /api/v2/tickets/{id}/tags.json (PUT adds, POST would replace). API token authentication:
// Basic `{email}/token:{api_token}`.

import { z } from 'zod';
import type { HelpdeskClient } from '../../core/ports/helpdesk.ts';
import { basicAuthorization, createAccountApi, field, guardedClient, helpdeskAccountSchema, type HelpdeskAccount, type HelpdeskClientOptions } from './helpdesk-http.ts';

const ZENDESK: HelpdeskAccount<'subdomain'> = { label: 'Zendesk', key: 'subdomain', suffix: 'zendesk.com' };

/** Settings of a store's Zendesk account for replies. */
export const zendeskClientSettingsSchema = helpdeskAccountSchema(ZENDESK, {
  /** The agent the API token acts as; replies are written in this agent's name. */
  email: z.email('must be the email address of the Zendesk agent the API token belongs to'),
  /** Admin Center > Apps and integrations > Zendesk API > API token. A secret. */
  api_token: z.string().min(1, 'must be a Zendesk API token'),
});

export type ZendeskClientSettings = z.infer<typeof zendeskClientSettingsSchema>;

export function createZendeskClient(settings: ZendeskClientSettings, options: HelpdeskClientOptions = {}): HelpdeskClient {
  const api = createAccountApi(ZENDESK, settings, basicAuthorization(`${settings.email}/token`, settings.api_token), describeError, options);
  const comment = (ticketId: string, body: string, isPublic: boolean) => api.write('PUT', `/api/v2/tickets/${ticketId}.json`, { ticket: { comment: { body, public: isPublic } } });
  return guardedClient(ZENDESK.label, {
    provider: 'zendesk',
    reply: (ticketId, text, options) => comment(ticketId, text, options.public),
    note: (ticketId, text) => comment(ticketId, text, false),
    tag: (ticketId, tags) => api.write('PUT', `/api/v2/tickets/${ticketId}/tags.json`, { tags }),
  });
}

// { error: "RecordNotFound", description: "Not found" } or { error: { title, message } }.
function describeError(json: unknown): string | null {
  const error = field(json, 'error');
  const description = field(json, 'description');
  if (typeof error === 'string') return typeof description === 'string' ? `${error}: ${description}` : error;
  const message = field(error, 'message') ?? field(error, 'title');
  return typeof message === 'string' ? message : null;
}
