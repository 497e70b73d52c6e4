// The frame of every customer page (tracking, lookup, not found): the store's logo and name, a
// language switcher made of plain links, the stylesheet inline, and the help link in the footer.
// Server-rendered only: no script, so it works with JavaScript off.

import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from './i18n.ts';
import type { PageBrand } from './brand-theme.ts';
import { PAGE_CSS } from './page-styles.ts';

export interface PageLayoutProps {
  language: Language;
  title: string;
  brand: PageBrand;
  /** The URL of this page in another language; no switcher when absent. */
  languageHref?: ((language: Language) => string) | undefined;
  labels: { skip: string; languages: string; help: string; poweredBy?: string | undefined };
  children?: Child;
}

export function PageLayout(props: PageLayoutProps) {
  const { brand, language } = props;
  const theme = `:root{--brand:${brand.primaryColor};--on-brand:${brand.onPrimaryColor};--font:${brand.fontFamily}}`;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${props.title} · ${brand.name}`}</title>
          <style>{raw(PAGE_CSS + theme)}</style>
        </head>
        <body>
          <a class="skip" href="#content">
            {props.labels.skip}
          </a>
          <header class="top">
            <div class="bar">
              {brand.logoUrl ? (
                <span class="shop">
                  <img src={brand.logoUrl} alt={brand.name} />
                </span>
              ) : (
                <span class="shop">{brand.name}</span>
              )}
              {props.languageHref ? (
                <nav class="langs" aria-label={props.labels.languages}>
                  <ul>
                    {LANGUAGES.map((code) => (
                      <li>
                        <a href={props.languageHref!(code)} lang={code} hreflang={code} aria-current={code === language ? 'true' : undefined} title={LANGUAGE_NAMES[code]}>
                          {code.toUpperCase()}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
            </div>
          </header>
          <main id="content">{props.children}</main>
          <footer class="bottom">
            {brand.helpUrl ? (
              <p>
                <a href={brand.helpUrl} rel="noopener">
                  {props.labels.help}
                </a>
              </p>
            ) : null}
            {props.labels.poweredBy ? <p>{props.labels.poweredBy}</p> : null}
          </footer>
        </body>
      </html>
    </>
  );
}
