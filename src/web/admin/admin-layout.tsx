// The page shell of the dashboard: navigation by role, the signed-in user, sign-out, and the
// CSRF token htmx sends with every request it makes.

import type { Child, FC } from 'hono/jsx';
import type { UserRecord } from '../../core/admin/user-record.ts';
import { may } from './admin-env.ts';

export interface LayoutProps {
  title: string;
  /** Which nav entry is current. */
  section: string;
  user: UserRecord;
  csrf: string;
  flash?: { kind: 'ok' | 'error'; text: string } | null | undefined;
  children?: Child;
}

const NAV = [
  { section: 'overview', href: '/admin', label: 'Overview' },
  { section: 'cases', href: '/admin/cases', label: 'Review queue' },
  { section: 'orders', href: '/admin/orders', label: 'Orders' },
  { section: 'workflows', href: '/admin/workflows', label: 'Workflows' },
  { section: 'sources', href: '/admin/sources', label: 'Sources' },
  { section: 'quarantine', href: '/admin/quarantine', label: 'Quarantine' },
  { section: 'settings', href: '/admin/settings', label: 'Settings', owner: true },
] as const;

export const AdminLayout: FC<LayoutProps> = ({ title, section, user, csrf, flash, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
      <title>{`${title} · Herald`}</title>
      <link rel="stylesheet" href="/admin/assets/admin.css" />
      <script src="/admin/assets/htmx.min.js" defer></script>
    </head>
    <body hx-headers={JSON.stringify({ 'X-CSRF-Token': csrf })}>
      <header class="top">
        <span class="brand">Herald</span>
        <nav class="main" aria-label="Dashboard">
          {NAV.filter((n) => !('owner' in n) || may(user, 'settings')).map((n) => (
            <a href={n.href} aria-current={n.section === section ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span>
            {user.name} <span class="tag">{user.role}</span> <span class="muted">store {user.storeId}</span>
          </span>
          <form method="post" action="/admin/logout" class="inline">
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" class="secondary">Sign out</button>
          </form>
        </div>
      </header>
      <main id="main">
        {flash ? <Flash kind={flash.kind} text={flash.text} /> : null}
        {children}
      </main>
    </body>
  </html>
);

export const Flash: FC<{ kind: 'ok' | 'error'; text: string }> = ({ kind, text }) => (
  <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {text}
  </div>
);

export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

/** A time as `YYYY-MM-DD HH:MM UTC`, or a dash. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A duration in words: `3 h 20 min`, `2 d 4 h`. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function words(code: string | null | undefined): string {
  return code ? code.replace(/_/g, ' ') : '–';
}
