// Rendering helpers for the dashboard's routes: a whole page in the layout, the sign-in page and
// the error page, each as a complete HTML document.

import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AdminEnv } from './admin-env.ts';
import { AdminLayout } from './admin-layout.tsx';
import { LoginPage } from './login-page.tsx';

export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500;
export type Flash = { kind: 'ok' | 'error'; text: string } | null;

export async function renderPage(c: Context<AdminEnv>, title: string, section: string, body: Child, status: PageStatus = 200, flash: Flash = null): Promise<Response> {
  const node = (
    <AdminLayout title={title} section={section} user={c.get('user')} csrf={c.get('session').csrfToken} flash={flash}>
      {body}
    </AdminLayout>
  );
  return c.html(`<!doctype html>${await node.toString()}`, status);
}

export async function renderLogin(c: Context<AdminEnv>, props: { csrf: string; storeId: string; email: string; error: string | null; next: string }, status: PageStatus): Promise<Response> {
  return c.html(`<!doctype html>${await (<LoginPage {...props} />).toString()}`, status);
}

export async function renderError(c: Context<AdminEnv>, status: PageStatus, text: string): Promise<Response> {
  if (!c.get('user')) {
    const node = (
      <html lang="en">
        <head><meta charset="utf-8" /><title>Herald</title><link rel="stylesheet" href="/admin/assets/admin.css" /></head>
        <body><main class="login"><div class="notice error" role="alert">{text}</div><p><a href="/admin/login">Sign in</a></p></main></body>
      </html>
    );
    return c.html(`<!doctype html>${await node.toString()}`, status);
  }
  const heading = status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'That did not work';
  return renderPage(c, heading, '', <><h1>{heading}</h1><div class="notice error" role="alert">{text}</div></>, status);
}
