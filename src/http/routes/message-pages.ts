// The few pages a message link leads to: confirm an unsubscribe, say it is done, or say a link is
// not valid. Plain HTML that works without JavaScript and on a phone.

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:1px solid #1f4e79;background:#1f4e79;color:#fff;cursor:pointer}</style>
</head><body><main>${body}</main></body></html>`;

export function unsubscribePage(action: string): string {
  const safe = action.replace(/[^A-Za-z0-9/_%.-]/g, '');
  return page('Unsubscribe', `<h1>Unsubscribe from marketing email?</h1><p>You will still get updates about orders you placed.</p><form method="post" action="${safe}"><button type="submit">Unsubscribe</button></form>`);
}

export function unsubscribedPage(): string {
  return page('Unsubscribed', '<h1>You are unsubscribed</h1><p>You will get no more marketing email from this shop. Updates about your orders still arrive.</p>');
}

export function invalidLinkPage(): string {
  return page('Link not valid', '<h1>This link is not valid</h1><p>It may have been copied incompletely. Open it again from the message.</p>');
}
