// Freshdesk API v2: POST /api/v2/tickets/{id}/reply { body } for a reply to the requester,
// POST /api/v2/tickets/{id}/notes { body, private: true } for a note. Freshdesk has no "add tags"
// call (PUT /api/v2/tickets/{id} { tags } replaces them), so `tag` reads the ticket's tags first
// and writes the union. Basic auth `{api_key}:X`. Bodies are HTML.

import { z } from 'zod';
import type { HelpdeskClient } from '../../core/ports/helpdesk.ts';
import { basicAuthorization, createAccountApi, field, guardedClient, helpdeskAccountSchema, OK, permanent, textToHtml, type HelpdeskAccount, type HelpdeskClientOptions } from './helpdesk-http.ts';

const FRESHDESK: HelpdeskAccount<'domain'> = { label: 'Freshdesk', key: 'domain', suffix: 'freshdesk.com' };

/** Settings of a store's Freshdesk account for replies. */
export const freshdeskClientSettingsSchema = helpdeskAccountSchema(FRESHDESK, {
  /** Profile settings > Your API Key, of the agent Herald writes as. A secret. */
  api_key: z.string().min(1, 'must be a Freshdesk API key'),
});

export type FreshdeskClientSettings = z.infer<typeof freshdeskClientSettingsSchema>;

export function createFreshdeskClient(settings: FreshdeskClientSettings, options: HelpdeskClientOptions = {}): HelpdeskClient {
  const api = createAccountApi(FRESHDESK, settings, basicAuthorization(settings.api_key, 'X'), describeError, options);
  const note = (ticketId: string, text: string) => api.write('POST', `/api/v2/tickets/${ticketId}/notes`, { body: textToHtml(text), private: true });
  return guardedClient(FRESHDESK.label, {
    provider: 'freshdesk',
    reply: (ticketId, text, options) => (options.public ? api.write('POST', `/api/v2/tickets/${ticketId}/reply`, { body: textToHtml(text) }) : note(ticketId, text)),
    note,
    async tag(ticketId, tags) {
      const ticket = await api.call('GET', `/api/v2/tickets/${ticketId}`);
      if (!ticket.ok) return ticket;
      const current = field(ticket.json, 'tags');
      if (!Array.isArray(current)) return permanent(`Freshdesk answered GET /api/v2/tickets/${ticketId} without a tags list`);
      const existing = current.filter((tag): tag is string => typeof tag === 'string');
      const missing = tags.filter((tag) => !existing.includes(tag));
      if (missing.length === 0) return OK;
      return api.write('PUT', `/api/v2/tickets/${ticketId}`, { tags: [...existing, ...missing] });
    },
  });
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
