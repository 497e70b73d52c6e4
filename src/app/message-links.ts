// Signed links inside messages (docs/channels.md): the open pixel, click tracking that redirects
// only to the URL the message really contained, and the one-click unsubscribe. Each URL carries
// an HMAC of what it points at, made with an install-wide secret, so nobody can forge an open,
// a click, a redirect to their own site or an unsubscribe for someone else.

import { createHmac, timingSafeEqual } from 'node:crypto';

export interface MessageLinks {
  pixelUrl(storeId: string, notificationId: string): string;
  clickUrl(storeId: string, notificationId: string, index: number, target: string): string;
  unsubscribeUrl(storeId: string, notificationId: string): string;
  /**
   * A Telegram deep-link token (t.me/<bot>?start=<token>) for an order: opening the bot with it
   * links that chat to the order's customer. Null when the order ref is too long for Telegram's 64 characters.
   */
  chatToken(storeId: string, orderRef: string): string | null;
  /** The order ref a chat token was made for; null when it is forged. */
  readChatToken(storeId: string, token: string): string | null;
  /** True when `signature` is the one this link would carry. */
  verify(kind: 'open' | 'click' | 'unsubscribe', parts: { storeId: string; notificationId: string; index?: number; target?: string }, signature: string): boolean;
}

/** `publicUrl` is where customers reach this Herald (HERALD_PUBLIC_URL), without a trailing slash. */
export function createMessageLinks(publicUrl: string, secret: string): MessageLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const sign = (data: string) => createHmac('sha256', secret).update(data).digest('base64url').slice(0, 27);
  const data = (kind: string, p: { storeId: string; notificationId: string; index?: number; target?: string }) =>
    [kind, p.storeId, p.notificationId, p.index ?? '', p.target ?? ''].join('\u0000');
  const path = (s: string) => encodeURIComponent(s);
  return {
    pixelUrl: (storeId, id) => `${base}/m/o/${path(storeId)}/${path(id)}/${sign(data('open', { storeId, notificationId: id }))}.gif`,
    clickUrl: (storeId, id, index, target) =>
      `${base}/m/c/${path(storeId)}/${path(id)}/${index}/${sign(data('click', { storeId, notificationId: id, index, target }))}?u=${encodeURIComponent(target)}`,
    unsubscribeUrl: (storeId, id) => `${base}/m/u/${path(storeId)}/${path(id)}/${sign(data('unsubscribe', { storeId, notificationId: id }))}`,
    chatToken(storeId, orderRef) {
      const token = sign(data('chat', { storeId, notificationId: orderRef })).slice(0, 16) + Buffer.from(orderRef).toString('base64url');
      return token.length <= 64 ? token : null;
    },
    readChatToken(storeId, token) {
      if (!/^[A-Za-z0-9_-]{17,64}$/.test(token)) return null;
      const orderRef = Buffer.from(token.slice(16), 'base64url').toString('utf8');
      const expected = Buffer.from(sign(data('chat', { storeId, notificationId: orderRef })).slice(0, 16));
      const given = Buffer.from(token.slice(0, 16));
      return timingSafeEqual(given, expected) ? orderRef : null;
    },
    verify(kind, parts, signature) {
      const expected = Buffer.from(sign(data(kind, parts)));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
