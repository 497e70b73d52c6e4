// Channels over HTTP. Behind a store key: `/v1/channels` (providers per channel), `/v1/settings`
// (branding, quiet hours, email layout) and `/v1/consents`. In the open, each checked by its own
// signature: providers' callbacks under `/hooks/channels`, and the links inside messages under
// `/m` (open pixel, tracked clicks, one-click unsubscribe).

import { Hono, type Context } from 'hono';
import { listChannels, saveChannel, type ManageChannelsDeps } from '../../app/manage-channels.ts';
import { settingsView, updateSettings } from '../../app/manage-settings.ts';
import { listConsentViews, recordConsent, recordEngagement, unsubscribeByLink, type ConsentDeps } from '../../app/record-consent.ts';
import { receiveChannelCallback } from '../../app/receive-channel-feedback.ts';
import { ValidationError } from '../../core/errors.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';
import { readBody } from '../read-body.ts';
import { unsubscribedPage, unsubscribePage, invalidLinkPage } from './message-pages.ts';

const MAX_CONFIG_BYTES = 512 * 1024;
const MAX_CALLBACK_BYTES = 1024 * 1024;
// The smallest transparent GIF: what an open pixel answers, valid or not.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Routes that authenticate themselves (provider signatures, signed links): mounted before the key check. */
export function channelOpenRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const channels = deps.channels;
  if (!channels) return app;
  const consentDeps: ConsentDeps = { store: deps.store, gateway: deps.ingest, clock: deps.clock, ids: deps.ids };

  app.on(['GET', 'POST'], '/hooks/channels/:store/:channel/:name', async (c) => {
    const raw = await readBody(c, MAX_CALLBACK_BYTES);
    const url = new URL(c.req.url);
    const answer = await receiveChannelCallback(
      { store: deps.store, gateway: deps.ingest, clock: deps.clock, callbacks: channels.callbacks, readChatToken: channels.links.readChatToken },
      { storeId: c.req.param('store'), channel: c.req.param('channel'), name: c.req.param('name') },
      { method: c.req.method, url: `${channels.publicUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`, headers: c.req.header(), rawBody: raw },
    );
    return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType });
  });

  app.get('/m/o/:store/:id/:file', async (c) => {
    const { store, id } = c.req.param();
    const signature = c.req.param('file').replace(/\.gif$/, '');
    if (channels.links.verify('open', { storeId: store, notificationId: id }, signature)) await recordEngagement(consentDeps, store, id, 'opened', null);
    return c.body(PIXEL, 200, { 'content-type': 'image/gif', 'cache-control': 'no-store, private' });
  });

  app.get('/m/c/:store/:id/:index/:signature', async (c) => {
    const { store, id, signature } = c.req.param();
    const index = Number(c.req.param('index'));
    const target = c.req.query('u') ?? '';
    // Only the URL the message really held: a forged or edited link is no open redirect.
    if (!Number.isSafeInteger(index) || !/^https?:\/\//.test(target) || !channels.links.verify('click', { storeId: store, notificationId: id, index, target }, signature)) {
      return c.html(invalidLinkPage(), 400);
    }
    await recordEngagement(consentDeps, store, id, 'clicked', index);
    return c.redirect(target, 302);
  });

  const unsubscribe = async (c: Context<HttpEnv>, confirmed: boolean) => {
    const { store, id, signature } = c.req.param() as { store: string; id: string; signature: string };
    if (!channels.links.verify('unsubscribe', { storeId: store, notificationId: id }, signature)) return c.html(invalidLinkPage(), 400);
    if (!confirmed) return c.html(unsubscribePage(c.req.path));
    const done = await unsubscribeByLink(consentDeps, store, id);
    if (!done) return c.html(invalidLinkPage(), 404);
    return c.html(unsubscribedPage());
  };
  // GET shows a button (mail scanners follow links; they must not unsubscribe anyone); POST is
  // the button and RFC 8058 one-click unsubscribe from the mail client.
  app.get('/m/u/:store/:id/:signature', (c) => unsubscribe(c, false));
  app.post('/m/u/:store/:id/:signature', (c) => unsubscribe(c, true));
  return app;
}

/** Routes behind a store key. */
export function channelRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const channels = deps.channels;
  if (!channels) return app;
  const manage: ManageChannelsDeps = { store: deps.store, clock: deps.clock, providers: channels.providers, publicUrl: channels.publicUrl, compileEmailLayout: channels.compileEmailLayout, invalidate: channels.invalidate };
  const consentDeps: ConsentDeps = { store: deps.store, gateway: deps.ingest, clock: deps.clock, ids: deps.ids };
  const json = async (c: Context<HttpEnv>): Promise<unknown> => {
    const text = new TextDecoder().decode(await readBody(c, MAX_CONFIG_BYTES));
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ValidationError('the body must be JSON', [{ field: '(body)', reason: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }]);
    }
  };

  app.get('/v1/channels', async (c) => c.json({ channels: await listChannels(manage, c.get('storeId')) }));
  app.put('/v1/channels/:channel', async (c) => c.json(await saveChannel(manage, c.get('storeId'), c.req.param('channel'), await json(c))));
  app.get('/v1/settings', async (c) => c.json(settingsView(await deps.store.admin.getStoreSettings(c.get('storeId')))));
  app.patch('/v1/settings', async (c) => c.json(await updateSettings(manage, c.get('storeId'), await json(c))));
  app.get('/v1/consents', async (c) => c.json({ consents: await listConsentViews(deps.store, c.get('storeId'), c.req.query('address') ?? null) }));
  app.post('/v1/consents', async (c) => c.json({ consents: await recordConsent(consentDeps, c.get('storeId'), await json(c), 'an API key') }, 201));
  return app;
}
