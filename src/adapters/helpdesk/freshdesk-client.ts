// Freshdesk API v2: POST /api/v2/tickets/{id}/reply { body } for a reply to the requester,
// POST /api/v2/tickets/{id}/notes { body, private: true } for a note. Freshdesk has no "add tags"
// call (PUT /api/v2/tickets/{id} { tags } replaces them), so `tag` reads the ticket's tags first
// and writes the union. Basic auth `{api_key}:X`. Bodies are HTML.

import { z } from 'zod';
import type { HelpdeskClient, HelpdeskOutcome } from '../../core/ports/helpdesk.ts';
import { basicAuthorization, checkTicketId, createHelpdeskApi, field, OK, permanent, resolveBaseUrl, textToHtml, type HelpdeskClientOptions } from './helpdesk-http.ts';

/** Settings of a store's Freshdesk account for replies. */
export const freshdeskClientSettingsSchema = z
  .strictObject({
    /** `acme` for https://acme.freshdesk.com. */
    domain: z.string().regex(/^[a-z0-9][a-z0-9-]*(\.freshdesk\.com)?$/i, 'must be the Freshdesk domain, e.g. acme for acme.freshdesk.com').optional(),
    /** Overrides the URL built from the domain (a custom domain, or tests). */
    base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://acme.freshdesk.com' }).optional(),
    /** Profile settings > Your API Key, of the agent Herald writes as. A secret. */
    api_key: z.string().min(1, 'must be a Freshdesk API key'),
  })
  .refine((settings) => settings.domain !== undefined || settings.base_url !== undefined, {
    message: 'is required (or base_url): the Freshdesk account to call',
    path: ['domain'],
  });

export type FreshdeskClientSettings = z.infer<typeof freshdeskClientSettingsSchema>;

export function createFreshdeskClient(settings: FreshdeskClientSettings, options: HelpdeskClientOptions = {}): HelpdeskClient {
  const api = createHelpdeskApi(
    {
      label: 'Freshdesk',
      baseUrl: resolveBaseUrl(settings.base_url, settings.domain, 'freshdesk.com'),
      authorization: basicAuthorization(settings.api_key, 'X'),
      describeError,
    },
    options,
  );
  const note = async (ticketId: string, text: string): Promise<HelpdeskOutcome> => {
    const invalid = checkTicketId('Freshdesk', ticketId);
    if (invalid) return invalid;
    const result = await api.call('POST', `/api/v2/tickets/${ticketId}/notes`, { body: textToHtml(text), private: true });
    return result.ok ? OK : result;
  };
  return {
    provider: 'freshdesk',
    async reply(ticketId, text, options) {
      if (!options.public) return note(ticketId, text);
      const invalid = checkTicketId('Freshdesk', ticketId);
      if (invalid) return invalid;
      const result = await api.call('POST', `/api/v2/tickets/${ticketId}/reply`, { body: textToHtml(text) });
      return result.ok ? OK : result;
    },
    note,
    async tag(ticketId, tags) {
      const invalid = checkTicketId('Freshdesk', ticketId);
      if (invalid) return invalid;
      if (tags.length === 0) return OK;
      const ticket = await api.call('GET', `/api/v2/tickets/${ticketId}`);
      if (!ticket.ok) return ticket;
      const current = field(ticket.json, 'tags');
      if (!Array.isArray(current)) return permanent(`Freshdesk answered GET /api/v2/tickets/${ticketId} without a tags list`);
      const existing = current.filter((tag): tag is string => typeof tag === 'string');
      const missing = tags.filter((tag) => !existing.includes(tag));
      if (missing.length === 0) return OK;
      const result = await api.call('PUT', `/api/v2/tickets/${ticketId}`, { tags: [...existing, ...missing] });
      return result.ok ? OK : result;
    },
  };
}

// { description: "Validation failed", errors: [{ field, message, code }] } or { code, message }.
function describeError(json: unknown): string | null {
  const errors = field(json, 'errors');
  const description = field(json, 'description');
  if (Array.isArray(errors) && errors.length > 0) {
    const details = errors.map((error) => [field(error, 'field'), field(error, 'message')].filter((part) => typeof part === 'string').join(': ')).join('; ');
    return typeof description === 'string' ? `${description} (${details})` : details;
  }
  const message = field(json, 'message') ?? description;
  return typeof message === 'string' ? message : null;
}
