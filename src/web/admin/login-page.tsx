// The sign-in page: store, email and password, one generic error whatever was wrong.

import type { FC } from 'hono/jsx';

export const LoginPage: FC<{ csrf: string; storeId: string; email: string; error: string | null; next: string }> = ({ csrf, storeId, email, error, next }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Sign in · Herald</title>
      <link rel="stylesheet" href="/admin/assets/admin.css" />
    </head>
    <body>
      <main class="login">
        <section class="card">
          <h1>Sign in to Herald</h1>
          {error ? (
            <div class="notice error" role="alert">
              {error}
            </div>
          ) : null}
          <form method="post" action="/admin/login" class="stack">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="next" value={next} />
            <label for="store">Store</label>
            <input id="store" name="store" type="text" value={storeId} required autocomplete="organization" />
            <label for="email">Email</label>
            <input id="email" name="email" type="email" value={email} required autocomplete="username" />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" required autocomplete="current-password" />
            <button type="submit">Sign in</button>
          </form>
        </section>
      </main>
    </body>
  </html>
);
