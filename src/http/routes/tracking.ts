// The customer's tracking page (docs/tracking-page.md), served in the open: no Herald key, the
// unguessable token in the URL is the only credential. GET /t/{token} (HTML), /t/{token}.json
// (the twin for headless storefronts), the lookup form at /t, and the self-service actions
// posted from the page. Visits are counted in memory and written once a second. A rendered page is
// served again while the order, its parcels, the settings and the request's language are
// unchanged (src/app/rendered-pages.ts).

import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { createRenderedPages } from '../../app/rendered-pages.ts';
import { createSelfService } from '../../app/self-service.ts';
import { createPageVisitCounter, createSettingsCache, isTrackingToken, loadTrackingView, lookUpTrackingToken, SELF_SERVICE_ACTIONS, type SelfServiceAction, type TrackingView } from '../../app/tracking-page.ts';
import { DEFAULT_STORE_SETTINGS, type StoreSettings } from '../../core/settings/store-settings.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { pageBrand } from '../../web/shared/brand-theme.ts';
import { pickLanguage, requestLanguage, type Language } from '../../web/shared/i18n.ts';
import { LookupPage, TooManyTriesPage } from '../../web/tracking/lookup-page.tsx';
import { TRACKING_MESSAGES } from '../../web/tracking/messages.ts';
import { TrackingPage, type FormState } from '../../web/tracking/tracking-page.tsx';
import { trackingJson } from '../../web/tracking/tracking-words.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';

/** Lookups per client address: 5 a minute, in bursts of at most 5. */
const LOOKUPS_PER_MINUTE = 5;
/** Self-service posts per client address. */
const ACTIONS_PER_MINUTE = 10;
const MAX_LOOKUP_CHARS = 200;

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

const HTML_PAGE_HEADERS = { ...PAGE_HEADERS, 'content-type': 'text/html; charset=UTF-8' };

export function trackingRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const settingsOf = createSettingsCache(deps.store, deps.clock);
  const visits = createPageVisitCounter(deps.store, deps.clock, { onError: deps.log });
  const selfService = createSelfService({ store: deps.store, ingest: deps.ingest, clock: deps.clock, ids: deps.ids });
  const lookups = createTokenBuckets(deps.clock, LOOKUPS_PER_MINUTE);
  const actions = createTokenBuckets(deps.clock, ACTIONS_PER_MINUTE);
  const storeIds = cachedStoreIds(deps);
  const rendered = createRenderedPages();
  const settingsStamp = new WeakMap<StoreSettings, string>();
  const stampOf = (settings: StoreSettings) => {
    let stamp = settingsStamp.get(settings);
    if (stamp === undefined) settingsStamp.set(settings, (stamp = createHash('sha256').update(JSON.stringify(settings)).digest('base64')));
    return stamp;
  };

  /** A page outside any order (lookup, 404, 429) looks like the store's when the install has one. */
  const installSettings = async (): Promise<StoreSettings> => {
    const wanted = await storeIds(null);
    return wanted.length === 1 ? settingsOf(wanted[0]!) : DEFAULT_STORE_SETTINGS;
  };
  const languageOf = (c: Context, hint?: string | null) => pickLanguage(c.req.query('lang'), c.req.header('accept-language'), hint);

  const lookupPage = async (c: Context, status: 200 | 404 | 422, extra: { values?: { number: string; contact: string }; errors?: { number?: string; contact?: string; refused?: boolean }; notFound?: boolean } = {}) => {
    const language = languageOf(c);
    const store = c.req.query('store');
    const query = (lang: Language) => `?lang=${lang}${store ? `&store=${encodeURIComponent(store)}` : ''}`;
    const page = LookupPage({ language, m: TRACKING_MESSAGES[language], brand: pageBrand((await installSettings()).brand), pageHref: (lang) => `${extra.notFound ? c.req.path : '/t'}${query(lang)}`, formAction: `/t${query(language)}`, ...extra });
    return c.html(page, status, PAGE_HEADERS);
  };

  const tooMany = async (c: Context, retryAfterSeconds: number) => {
    const language = languageOf(c);
    const page = TooManyTriesPage({ language, m: TRACKING_MESSAGES[language], brand: pageBrand((await installSettings()).brand) });
    return c.html(page, 429, { ...PAGE_HEADERS, 'retry-after': String(retryAfterSeconds) });
  };

  const trackingPage = async (c: Context, view: TrackingView, status: 200 | 403 | 422, extra: { done?: SelfServiceAction | null; forbidden?: boolean; form?: FormState | null } = {}) =>
    c.html(await trackingHtml(c, view, extra), status, PAGE_HEADERS);

  const trackingHtml = async (c: Context, view: TrackingView, extra: { done?: SelfServiceAction | null; forbidden?: boolean; form?: FormState | null }): Promise<string> => {
    const language = languageOf(c, view.localeHint);
    const tokens = Object.fromEntries(await Promise.all(SELF_SERVICE_ACTIONS.map(async (a) => [a, await selfService.formToken(view.token, a)] as const))) as Record<SelfServiceAction, string>;
    const page = TrackingPage({
      view,
      language,
      m: TRACKING_MESSAGES[language],
      brand: pageBrand(view.settings.brand),
      formTokens: tokens,
      pageHref: (lang) => `/t/${view.token}?lang=${lang}`,
      actionHref: (action) => `/t/${view.token}/actions/${action}?lang=${language}`,
      ...extra,
    });
    return String(await page.toString());
  };

  app.get('/t', (c) => lookupPage(c, 200));

  app.post('/t', async (c) => {
    const limited = lookups.take(clientAddress(c));
    if (limited !== null) return tooMany(c, limited);
    const form = await formFields(c);
    const values = { number: (form['number'] ?? '').trim(), contact: (form['contact'] ?? '').trim() };
    const m = TRACKING_MESSAGES[languageOf(c)];
    const fieldError = (value: string) => (value === '' ? m.problems.required : value.length > MAX_LOOKUP_CHARS ? m.problems.too_long.replace('{limit}', String(MAX_LOOKUP_CHARS)) : undefined);
    const errors = { number: fieldError(values.number), contact: fieldError(values.contact) };
    if (errors.number || errors.contact) return lookupPage(c, 422, { values, errors });
    const stores = await storeIds(c.req.query('store') ?? null);
    const found = await lookUpTrackingToken(deps.store, stores, values.number, values.contact);
    if (!found) {
      if (stores[0]) visits.count(stores[0], 'lookup_failed', (await settingsOf(stores[0])).timeZone);
      // One answer whatever was wrong (number, email or postal code): nothing tells which orders exist.
      return lookupPage(c, 422, { values, errors: { refused: true } });
    }
    visits.count(found.storeId, 'lookup', (await settingsOf(found.storeId)).timeZone);
    return c.redirect(`/t/${found.token}?lang=${languageOf(c)}`, 303);
  });

  app.get('/t/:token', async (c) => {
    const raw = c.req.param('token');
    const json = raw.endsWith('.json');
    const token = json ? raw.slice(0, -'.json'.length) : raw;
    // Everything the HTML depends on besides the stored order: the language the request asks for
    // (none: the order's locale decides, and it is in the stamp) and the action just done.
    const key = `${token}\u0000${requestLanguage(c.req.query('lang'), c.req.header('accept-language')) ?? '-'}\u0000${doneOf(c) ?? ''}`;
    let stamped: string | null = null;
    if (!json) {
      const stamp = isTrackingToken(token) ? await deps.store.reads.trackingPageStamp(token) : null;
      if (stamp) {
        // Kept as a digest: a page's stamp is about as long as the page.
        const settings = await settingsOf(stamp.storeId);
        stamped = createHash('sha256').update(stampOf(settings)).update('\u0000').update(stamp.stamp).digest('base64');
        const html = rendered.get(key, stamped);
        if (html !== null) {
          visits.count(stamp.storeId, 'tracking', settings.timeZone);
          return c.body(html, 200, HTML_PAGE_HEADERS);
        }
      }
    }
    const view = await loadTrackingView(deps.store, settingsOf, token);
    if (json) {
      const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store', vary: 'Accept-Language', 'x-robots-tag': 'noindex' };
      if (!view) return c.json({ error: { code: 'not_found', message: 'no order has this tracking token' } }, 404, headers);
      visits.count(view.storeId, 'tracking_json', view.settings.timeZone);
      const language = languageOf(c, view.localeHint);
      return c.json(trackingJson(view, language, TRACKING_MESSAGES[language]), 200, headers);
    }
    if (!view) return lookupPage(c, 404, { notFound: true });
    visits.count(view.storeId, 'tracking', view.settings.timeZone);
    // Its own buffer: a small Buffer.from() is a slice of a shared pool it would keep alive.
    const html = new TextEncoder().encode(await trackingHtml(c, view, { done: doneOf(c) }));
    if (stamped) rendered.set(key, stamped, html);
    return c.body(html, 200, HTML_PAGE_HEADERS);
  });

  app.post('/t/:token/actions/:action', async (c) => {
    const limited = actions.take(clientAddress(c));
    if (limited !== null) return tooMany(c, limited);
    const view = await loadTrackingView(deps.store, settingsOf, c.req.param('token'));
    if (!view) return lookupPage(c, 404, { notFound: true });
    const action = c.req.param('action');
    if (!(SELF_SERVICE_ACTIONS as readonly string[]).includes(action)) return trackingPage(c, view, 403, { forbidden: true });
    const form = await formFields(c);
    const result = await selfService.submit(view, action as SelfServiceAction, form);
    if (!result.ok && result.reason === 'forbidden') return trackingPage(c, view, 403, { forbidden: true });
    if (!result.ok) return trackingPage(c, view, 422, { form: { action: action as SelfServiceAction, parcel: form['parcel'] ?? '', errors: result.errors, values: result.values } });
    visits.count(view.storeId, 'action', view.settings.timeZone);
    return c.redirect(`/t/${view.token}?lang=${languageOf(c, view.localeHint)}&done=${action}`, 303);
  });

  return app;
}

/** The self-service action just done (`?done=`), when it is one. */
function doneOf(c: Context): SelfServiceAction | null {
  const done = c.req.query('done') ?? '';
  return (SELF_SERVICE_ACTIONS as readonly string[]).includes(done) ? (done as SelfServiceAction) : null;
}

/** Form fields as strings (a repeated field keeps its last value; files are ignored). */
async function formFields(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return {};
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.slice(0, 5_000)]] : [])));
}

/**
 * The client's address: the socket's, or, when a local reverse proxy forwarded the request, the
 * hop that proxy appended to X-Forwarded-For (the only one a client cannot forge).
 */
function clientAddress(c: Context): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
  if (socket === undefined) return forwarded || 'local';
  const local = socket === '127.0.0.1' || socket === '::1' || socket === '::ffff:127.0.0.1';
  return local && forwarded ? forwarded : socket;
}

/** Token buckets per key: `perMinute` tokens, refilled evenly. `take` answers null, or the seconds to wait. */
function createTokenBuckets(clock: Clock, perMinute: number, maxKeys = 10_000) {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const refillPerMs = perMinute / 60_000;
  return {
    take(key: string): number | null {
      const nowMs = clock.nowMs();
      const bucket = buckets.get(key) ?? { tokens: perMinute, atMs: nowMs };
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * refillPerMs);
      bucket.atMs = nowMs;
      buckets.delete(key);
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1_000));
      bucket.tokens -= 1;
      return null;
    },
  };
}

/** Which stores a lookup searches: the one named, else every store of the install (read at most once a second). */
function cachedStoreIds(deps: HttpDeps): (named: string | null) => Promise<string[]> {
  let cache: { atMs: number; ids: Promise<string[]> } | null = null;
  return async (named) => {
    if (named) return [named];
    const nowMs = deps.clock.nowMs();
    if (!cache || nowMs - cache.atMs >= 1_000 || nowMs < cache.atMs) {
      const ids = deps.store.admin.listStores().then((stores) => stores.map((s) => s.id));
      ids.catch(() => (cache = null));
      cache = { atMs: nowMs, ids };
    }
    return cache.ids;
  };
}
