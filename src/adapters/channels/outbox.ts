// The outbox channel: messages stay in the store, readable with `herald outbox` and over the API.
// For local use and demos, and where a channel has no provider yet. Nothing leaves Herald, so it
// is idempotent by nature.

import type { ChannelTransport } from '../../core/ports/channel.ts';

export function createOutboxTransport(): ChannelTransport {
  return {
    provider: 'outbox',
    channel: 'outbox',
    idempotent: true,
    send: async (message) => ({ kind: 'sent', providerMessageId: `outbox:${message.notificationId}` }),
    close: async () => undefined,
  };
}
