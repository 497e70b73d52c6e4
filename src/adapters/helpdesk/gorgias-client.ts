// Gorgias REST API (https://<domain>.gorgias.com, Basic `{email}:{api_key}`). A message is
// POST /api/tickets/{id}/messages. A public reply must name its channel, receiver and route, so
// the ticket is read first (GET /api/tickets/{id}) and the reply goes back the way the customer's
// latest message came: same channel and integration, from the address it was sent to, to the
// address it came from. A note is an `internal-note` message. Tags: POST /api/tickets/{id}/tags
// { names } adds them (PUT would replace the ticket's tags).

import { z } from 'zod';
import type { HelpdeskClient } from '../../core/ports/helpdesk.ts';
import { basicAuthorization, createAccountApi, field, guardedClient, helpdeskAccountSchema, permanent, textToHtml, type HelpdeskAccount, type HelpdeskClientOptions } from './helpdesk-http.ts';

const GORGIAS: HelpdeskAccount<'domain'> = { label: 'Gorgias', key: 'domain', suffix: 'gorgias.com' };

/** Settings of a store's Gorgias account for replies. */
export const gorgiasClientSettingsSchema = helpdeskAccountSchema(GORGIAS, {
  /** The user of the REST API key (Settings > REST API); replies are sent as this user. */
  email: z.email('must be the email address shown with the Gorgias REST API key'),
  /** Settings > REST API > Password (API key). A secret. */
  api_key: z.string().min(1, 'must be a Gorgias REST API key'),
});

export type GorgiasClientSettings = z.infer<typeof gorgiasClientSettingsSchema>;

export function createGorgiasClient(settings: GorgiasClientSettings, options: HelpdeskClientOptions = {}): HelpdeskClient {
  const api = createAccountApi(GORGIAS, settings, basicAuthorization(settings.email, settings.api_key), describeError, options);
  const post = (ticketId: string, message: Record<string, unknown>) => api.write('POST', `/api/tickets/${ticketId}/messages`, message);
  const note = (ticketId: string, text: string) =>
    post(ticketId, { channel: 'internal-note', via: 'api', from_agent: true, public: false, sender: { email: settings.email }, body_text: text, body_html: textToHtml(text) });
  return guardedClient(GORGIAS.label, {
    provider: 'gorgias',
    async reply(ticketId, text, options) {
      if (!options.public) return note(ticketId, text);
      const ticket = await api.call('GET', `/api/tickets/${ticketId}`);
      if (!ticket.ok) return ticket;
      const route = replyRoute(ticket.json);
      if (route === null) return permanent(`Gorgias ticket ${ticketId} has no customer message to answer`);
      return post(ticketId, {
        channel: route.channel,
        via: 'api',
        from_agent: true,
        public: true,
        sender: { email: settings.email },
        receiver: route.receiver,
        source: route.source,
        ...(route.integrationId === null ? {} : { integration_id: route.integrationId }),
        subject: route.subject,
        body_text: text,
        body_html: textToHtml(text),
      });
    },
    note,
    tag: (ticketId, tags) => api.write('POST', `/api/tickets/${ticketId}/tags`, { names: tags }),
  });
}

interface ReplyRoute {
  channel: string;
  receiver: Record<string, unknown>;
  source: { type: string; from: unknown; to: unknown[] };
  integrationId: number | null;
  subject: string | null;
}

/** The way back along the customer's latest message, or null when the customer never wrote. */
function replyRoute(ticket: unknown): ReplyRoute | null {
  const messages = field(ticket, 'messages');
  if (!Array.isArray(messages)) return null;
  const incoming = messages.filter((message) => field(message, 'from_agent') === false && field(message, 'channel') !== 'internal-note');
  const last = incoming.at(-1);
  if (last === undefined) return null;
  const channel = field(last, 'channel');
  if (typeof channel !== 'string') return null;
  const source = field(last, 'source');
  const to = field(source, 'to');
  const customer = field(ticket, 'customer');
  const customerId = field(customer, 'id');
  const subject = field(ticket, 'subject');
  const integrationId = field(last, 'integration_id');
  return {
    channel,
    receiver: typeof customerId === 'number' ? { id: customerId } : { email: field(customer, 'email') },
    source: {
      type: typeof field(source, 'type') === 'string' ? (field(source, 'type') as string) : channel,
      from: Array.isArray(to) && to.length > 0 ? to[0] : null,
      to: [field(source, 'from')].filter((address) => address !== undefined && address !== null),
    },
    integrationId: typeof integrationId === 'number' ? integrationId : null,
    subject: typeof subject === 'string' ? subject : null,
  };
}

// { error: { msg, data } } or { message }.
function describeError(json: unknown): string | null {
  const error = field(json, 'error');
  const message = field(error, 'msg') ?? field(json, 'message');
  if (typeof message !== 'string') return null;
  const data = field(error, 'data');
  return data === undefined || data === null ? message : `${message} ${JSON.stringify(data).slice(0, 300)}`;
}
