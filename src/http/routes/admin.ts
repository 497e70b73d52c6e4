// The operator dashboard at /admin (issue 8): sign-in with a session cookie, CSRF checks on every
// POST, roles (owner, agent, viewer), and the pages: overview scorecard, review queue and cases,
// orders, workflows, sources, quarantine and settings. Pages are server-rendered; forms post
// without script, and htmx (served from here, never a CDN) updates the case panel in place.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_MS, sessionOf, signIn, signOut } from '../../app/admin-users.ts';
import { HeraldError } from '../../core/errors.ts';
import { ADMIN_CSS } from '../../web/admin/admin-styles.ts';
import type { AdminDeps, AdminEnv } from '../../web/admin/admin-env.ts';
import { createLoginLimiter } from '../../web/admin/login-limiter.ts';
import { registerAdminPages } from '../../web/admin/admin-pages.tsx';
import { renderError, renderLogin, type PageStatus } from '../../web/admin/render.tsx';
import { statusOfCode } from '../error-mapping.ts';
import { field, type FormFields } from '../../web/admin/settings-form.ts';

export const SESSION_COOKIE = 'herald_session';
const LOGIN_COOKIE = 'herald_login';
const MAX_FORM_BYTES = 256 * 1024;

export function adminRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  // Ten failed tries at once, then one every six seconds, per client address.
  const limiter = createLoginLimiter({ burst: 10, refillEveryMs: 6_000 });
  let htmx: Promise<string> | null = null;

  app.onError((error, c) => {
    const status = (error instanceof HeraldError ? statusOfCode(error.code) : 500) as PageStatus;
    if (status >= 500) deps.log(error);
    return renderError(c, status, status >= 500 ? 'Something went wrong on our side; see the server log.' : error.message);
  });
  app.use('/admin/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  });

  app.get('/admin/assets/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  app.get('/admin/assets/htmx.min.js', async (c) => {
    htmx ??= readFile(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
    return c.body(await htmx, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' });
  });

  app.get('/admin/login', async (c) => {
    if (await sessionOf(deps, getCookie(c, SESSION_COOKIE))) return c.redirect(safeNext(c.req.query('next')), 303);
    return loginPage(c, { storeId: c.req.query('store') ?? 'default', email: '', error: null, next: safeNext(c.req.query('next')) }, 200);
  });
  app.post('/admin/login', async (c) => {
    const form = await formOf(c);
    const address = clientAddress(c);
    const expected = getCookie(c, LOGIN_COOKIE);
    if (!expected || !sameToken(field(form, '_csrf'), expected)) {
      return loginPage(c, { storeId: field(form, 'store') || 'default', email: field(form, 'email'), error: 'The sign-in form expired; please try again.', next: safeNext(field(form, 'next')) }, 403);
    }
    if (!limiter.allows(address, deps.clock.nowMs())) {
      c.header('Retry-After', '6');
      return loginPage(c, { storeId: field(form, 'store') || 'default', email: field(form, 'email'), error: 'Too many sign-in attempts; wait a minute and try again.', next: safeNext(field(form, 'next')) }, 429);
    }
    const storeId = field(form, 'store').trim() || 'default';
    const signedIn = await signIn(deps, storeId, field(form, 'email'), field(form, 'password'));
    if (!signedIn) limiter.spend(address, deps.clock.nowMs());
    if (!signedIn) return loginPage(c, { storeId, email: field(form, 'email'), error: 'The store, email or password is not right.', next: safeNext(field(form, 'next')) }, 401);
    deleteCookie(c, LOGIN_COOKIE, { path: '/admin' });
    setCookie(c, SESSION_COOKIE, signedIn.cookie, { path: '/admin', httpOnly: true, sameSite: 'Lax', secure: isHttps(c), maxAge: Math.floor(SESSION_TTL_MS / 1000) });
    return c.redirect(safeNext(field(form, 'next')), 303);
  });

  // Everything below needs a session; every POST below needs its CSRF token.
  const requireSession = async (c: Context<AdminEnv>, next: () => Promise<void>) => {
    const found = await sessionOf(deps, getCookie(c, SESSION_COOKIE));
    if (!found) {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('sign in first', 403);
      const target = `/admin/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`;
      if (c.req.header('hx-request')) return c.body(null, 204, { 'HX-Redirect': target });
      return c.redirect(target, 303);
    }
    c.set('user', found.user);
    c.set('session', found.session);
    c.set('storeId', found.session.storeId);
    if (c.req.method === 'POST') {
      const header = c.req.header('x-csrf-token');
      const token = header ?? field(await formOf(c), '_csrf');
      if (!sameToken(token, found.session.csrfToken)) return c.text('the form is missing its CSRF token or it does not match this session: reload the page', 403);
    }
    await next();
    return undefined;
  };
  app.use('/admin', requireSession);
  app.use('/admin/*', requireSession);

  app.post('/admin/logout', async (c) => {
    await signOut(deps.store, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/admin', httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
    return c.redirect('/admin/login', 303);
  });
  registerAdminPages(app, deps, formOf);
  return app;
}

async function loginPage(c: Context<AdminEnv>, props: { storeId: string; email: string; error: string | null; next: string }, status: PageStatus): Promise<Response> {
  // Double-submit token: a page elsewhere cannot read this cookie to post a sign-in as someone.
  const csrf = randomBytes(18).toString('base64url');
  setCookie(c, LOGIN_COOKIE, csrf, { path: '/admin', httpOnly: true, sameSite: 'Lax', secure: isHttps(c), maxAge: 3600 });
  return renderLogin(c, { csrf, ...props }, status);
}

async function formOf(c: Context<AdminEnv>): Promise<FormFields> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_FORM_BYTES) throw new HeraldError('payload_too_large', `the form is larger than ${MAX_FORM_BYTES} bytes`);
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) return {};
  // Hono keeps the parsed body, so the CSRF check and the handler read it once.
  return (await c.req.parseBody({ all: true })) as FormFields;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

