// Zendesk Support API: a reply or internal note is a comment added by updating the ticket
// (PUT /api/v2/tickets/{id}.json with { ticket: { comment: { body, public } } }); tags are added with
// PUT /api/v2/tickets/{id}/tags.json (PUT adds, POST would replace). API token authentication:
// Basic `{email}/token:{api_token}`.

import { z } from 'zod';
import type { HelpdeskClient, HelpdeskOutcome } from '../../core/ports/helpdesk.ts';
import { basicAuthorization, checkTicketId, createHelpdeskApi, field, OK, resolveBaseUrl, type HelpdeskClientOptions } from './helpdesk-http.ts';

/** Settings of a store's Zendesk account for replies. */
export const zendeskClientSettingsSchema = z
  .strictObject({
    /** `acme` for https://acme.zendesk.com. */
    subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]*(\.zendesk\.com)?$/i, 'must be the Zendesk subdomain, e.g. acme for acme.zendesk.com').optional(),
    /** Overrides the URL built from the subdomain (a proxy, or tests). */
    base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://acme.zendesk.com' }).optional(),
    /** The agent the API token acts as; replies are written in this agent's name. */
    email: z.email('must be the email address of the Zendesk agent the API token belongs to'),
    /** Admin Center > Apps and integrations > Zendesk API > API token. A secret. */
    api_token: z.string().min(1, 'must be a Zendesk API token'),
  })
  .refine((settings) => settings.subdomain !== undefined || settings.base_url !== undefined, {
    message: 'is required (or base_url): the Zendesk account to call',
    path: ['subdomain'],
  });

export type ZendeskClientSettings = z.infer<typeof zendeskClientSettingsSchema>;

export function createZendeskClient(settings: ZendeskClientSettings, options: HelpdeskClientOptions = {}): HelpdeskClient {
  const api = createHelpdeskApi(
    {
      label: 'Zendesk',
      baseUrl: resolveBaseUrl(settings.base_url, settings.subdomain, 'zendesk.com'),
      authorization: basicAuthorization(`${settings.email}/token`, settings.api_token),
      describeError,
    },
    options,
  );
  const comment = async (ticketId: string, body: string, isPublic: boolean): Promise<HelpdeskOutcome> => {
    const invalid = checkTicketId('Zendesk', ticketId);
    if (invalid) return invalid;
    const result = await api.call('PUT', `/api/v2/tickets/${ticketId}.json`, { ticket: { comment: { body, public: isPublic } } });
    return result.ok ? OK : result;
  };
  return {
    provider: 'zendesk',
    reply: (ticketId, text, options) => comment(ticketId, text, options.public),
    note: (ticketId, text) => comment(ticketId, text, false),
    async tag(ticketId, tags) {
      const invalid = checkTicketId('Zendesk', ticketId);
      if (invalid) return invalid;
      if (tags.length === 0) return OK;
      const result = await api.call('PUT', `/api/v2/tickets/${ticketId}/tags.json`, { tags });
      return result.ok ? OK : result;
    },
  };
}

// { error: "RecordNotFound", description: "Not found" } or { error: { title, message } }.
function describeError(json: unknown): string | null {
  const error = field(json, 'error');
  const description = field(json, 'description');
  if (typeof error === 'string') return typeof description === 'string' ? `${error}: ${description}` : error;
  const message = field(error, 'message') ?? field(error, 'title');
  return typeof message === 'string' ? message : null;
}
