// GET /t: find an order by its number and the email or postal code it was placed with; also the
// page for an unknown token (404) and for too many tries (429), in the same look.

import type { PageBrand } from '../shared/brand-theme.ts';
import type { Language } from '../shared/i18n.ts';
import { PageLayout } from '../shared/page-layout.tsx';
import type { TrackingMessages } from './messages.ts';

export interface LookupPageProps {
  language: Language;
  m: TrackingMessages;
  brand: PageBrand;
  pageHref: (language: Language) => string;
  /** Where the form posts (keeps the language and the store). */
  formAction: string;
  values?: { number: string; contact: string } | undefined;
  /** Which fields are empty or too long; `refused` when the combination matched no order. */
  errors?: { number?: string | undefined; contact?: string | undefined; refused?: boolean | undefined } | undefined;
  /** Shown above the form: the 404 page. */
  notFound?: boolean | undefined;
}

export function LookupPage(props: LookupPageProps) {
  const { m, values, errors } = props;
  const field = (name: 'number' | 'contact', label: string, autocomplete: string, hint?: string) => {
    const error = errors?.[name];
    const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div>
        <label for={name}>{label}</label>
        {hint ? (
          <p class="hint" id={`${name}-hint`}>
            {hint}
          </p>
        ) : null}
        <input type="text" id={name} name={name} value={values?.[name] ?? ''} maxlength={200} autocomplete={autocomplete} required aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
        {error ? (
          <p class="error" id={`${name}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <PageLayout language={props.language} title={props.notFound ? m.notFoundTitle : m.lookupTitle} brand={props.brand} languageHref={props.pageHref} labels={m.layout}>
      {props.notFound ? (
        <>
          <h1>{m.notFoundTitle}</h1>
          <p>{m.notFoundText}</p>
        </>
      ) : (
        <h1>{m.lookupTitle}</h1>
      )}
      <section class="card" aria-labelledby="lookup-heading">
        <h2 id="lookup-heading">{props.notFound ? m.lookupLink : m.lookupTitle}</h2>
        <p class="muted">{m.lookupIntro}</p>
        {errors?.refused ? (
          <div class="notice" role="alert">
            <p>{m.lookupRefused}</p>
          </div>
        ) : null}
        <form method="post" action={props.formAction} novalidate>
          {field('number', m.lookupNumber, 'off')}
          {field('contact', m.lookupContact, 'email', m.lookupContactHint)}
          <button type="submit">{m.lookupSubmit}</button>
        </form>
      </section>
    </PageLayout>
  );
}

export function TooManyTriesPage(props: { language: Language; m: TrackingMessages; brand: PageBrand }) {
  return (
    <PageLayout language={props.language} title={props.m.tooManyTitle} brand={props.brand} labels={props.m.layout}>
      <h1>{props.m.tooManyTitle}</h1>
      <p>{props.m.tooManyText}</p>
    </PageLayout>
  );
}
