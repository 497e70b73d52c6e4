// GET /t/{token}: one order's parcels, each a vertical timeline of the steps a customer knows,
// the ETA window, the last scan and where, and (on an exception) what the customer can do, with
// the self-service forms right there. Plain HTML forms: everything works without JavaScript.

import type { ParcelView, SelfServiceAction, TrackingView } from '../../app/tracking-page.ts';
import type { ActionResult } from '../../app/self-service.ts';
import { ACTION_FIELDS } from '../../app/self-service.ts';
import type { PageBrand } from '../shared/brand-theme.ts';
import { fill, type Language } from '../shared/i18n.ts';
import { PageLayout } from '../shared/page-layout.tsx';
import type { TrackingMessages } from './messages.ts';
import { adviceWords, etaWords, lastScanWords, stepLabel, whenWords } from './tracking-words.ts';

/** A form sent back with problems: which one, and what was typed (nothing is lost). */
export interface FormState {
  action: SelfServiceAction;
  parcel: string;
  errors: Extract<ActionResult, { reason: 'invalid' }>['errors'];
  values: Record<string, string>;
}

export interface TrackingPageProps {
  view: TrackingView;
  language: Language;
  m: TrackingMessages;
  brand: PageBrand;
  formTokens: Record<SelfServiceAction, string>;
  pageHref: (language: Language) => string;
  actionHref: (action: SelfServiceAction) => string;
  done?: SelfServiceAction | null | undefined;
  forbidden?: boolean | undefined;
  form?: FormState | null | undefined;
}

export function TrackingPage(props: TrackingPageProps) {
  const { view, m, language } = props;
  const heading = view.order.firstName ? fill(m.greeting, { name: view.order.firstName }) : m.greetingNoName;
  return (
    <PageLayout language={language} title={m.title} brand={props.brand} languageHref={props.pageHref} labels={m.layout}>
      <h1>{heading}</h1>
      {props.done ? (
        <div class="notice ok" role="status">
          <p>{m.done[props.done]}</p>
        </div>
      ) : null}
      {props.forbidden ? (
        <div class="notice" role="alert">
          <p>{m.forbidden}</p>
        </div>
      ) : null}
      {props.form ? (
        <div class="notice" role="alert">
          <p>{m.errorSummary}</p>
        </div>
      ) : null}
      <section class="card" aria-label={m.orderNumber}>
        <dl class="facts">
          {view.order.number ? (
            <>
              <dt>{m.orderNumber}</dt>
              <dd>{view.order.number}</dd>
            </>
          ) : null}
          {view.order.city ? (
            <>
              <dt>{m.deliveringTo}</dt>
              <dd>{view.order.city}</dd>
            </>
          ) : null}
        </dl>
        {view.order.cancelled ? <p>{m.cancelled}</p> : null}
        {!view.order.cancelled && view.parcels.length === 0 ? <p>{m.preparing}</p> : null}
      </section>
      {view.parcels.map((parcel, index) => (
        <Parcel {...props} parcel={parcel} index={index} />
      ))}
    </PageLayout>
  );
}

function Parcel(props: TrackingPageProps & { parcel: ParcelView; index: number }) {
  const { parcel, m, language, view, index } = props;
  const eta = etaWords(language, view, parcel);
  const lastScan = lastScanWords(language, m, view, parcel);
  const advice = adviceWords(m, parcel);
  const headingId = `parcel-${index + 1}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{view.parcels.length > 1 ? fill(m.parcelOf, { n: index + 1, total: view.parcels.length }) : m.states[parcel.state]}</h2>
      {view.parcels.length > 1 ? <p class="headline">{m.states[parcel.state]}</p> : null}
      <dl class="facts">
        {parcel.deliveredAt ? (
          <>
            <dt>{m.delivered}</dt>
            <dd>{whenWords(language, view, parcel.deliveredAt)}</dd>
          </>
        ) : null}
        {eta ? (
          <>
            <dt>{m.eta}</dt>
            <dd>{eta}</dd>
          </>
        ) : null}
        {lastScan ? (
          <>
            <dt>{m.lastScan}</dt>
            <dd>{lastScan}</dd>
          </>
        ) : null}
        {parcel.carrier ? (
          <>
            <dt>{m.carrier}</dt>
            <dd>{parcel.carrier.toUpperCase()}</dd>
          </>
        ) : null}
        <dt>{m.trackingNumber}</dt>
        <dd>{parcel.trackingNumber}</dd>
      </dl>
      {parcel.reason || advice ? (
        <div class="notice">
          {parcel.reason ? <p>{m.reasons[parcel.reason]}</p> : null}
          {advice ? <p>{advice}</p> : null}
        </div>
      ) : null}
      <h3>{m.journey}</h3>
      <ol class="journey">
        {parcel.steps.map((step) => (
          <li class={step.status} aria-current={step.status === 'current' || step.status === 'problem' ? 'step' : undefined}>
            <span class="dot" aria-hidden="true"></span>
            <span class="step">{stepLabel(m, parcel, step.step)}</span>
            {step.at ? <span class="when">{whenWords(language, view, step.at)}</span> : null}
          </li>
        ))}
      </ol>
      {parcel.actions.length > 0 ? (
        <>
          <h3>{m.whatYouCanDo}</h3>
          {parcel.actions.map((action) => (
            <ActionForm {...props} action={action} />
          ))}
        </>
      ) : null}
    </section>
  );
}

function ActionForm(props: TrackingPageProps & { parcel: ParcelView; index: number; action: SelfServiceAction }) {
  const { action, parcel, m, form } = props;
  const mine = form && form.action === action && form.parcel === parcel.trackingNumber ? form : null;
  const id = (field: string) => `${action}-${props.index + 1}-${field}`;
  const value = (field: string) => mine?.values[field] ?? '';
  const errorOf = (field: string) => {
    const problem = mine?.errors[field];
    return problem ? fill(m.problems[problem.problem], { limit: problem.limit ?? '' }) : null;
  };
  const rules = ACTION_FIELDS[action];
  const text = (field: string, kind: 'input' | 'textarea', autocomplete?: string) => {
    const error = errorOf(field);
    const hint = m.hints[field];
    const describedBy = [hint ? id(`${field}-hint`) : null, error ? id(`${field}-error`) : null].filter(Boolean).join(' ') || undefined;
    const rule = rules[field]!;
    const required = rule.required === true;
    return (
      <div>
        <label for={id(field)}>{m.fields[field]}</label>
        {hint ? (
          <p class="hint" id={id(`${field}-hint`)}>
            {hint}
          </p>
        ) : null}
        {kind === 'input' ? (
          <input type="text" id={id(field)} name={field} value={value(field)} maxlength={rule.max} autocomplete={autocomplete} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
        ) : (
          <textarea id={id(field)} name={field} maxlength={rule.max} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
            {value(field)}
          </textarea>
        )}
        {error ? (
          <p class="error" id={id(`${field}-error`)}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  const radios = (field: string, choices: readonly string[]) => {
    const error = errorOf(field);
    return (
      <fieldset class="choice" aria-describedby={error ? id(`${field}-error`) : undefined}>
        <legend>{m.fields[field]}</legend>
        {error ? (
          <p class="error" id={id(`${field}-error`)}>
            {error}
          </p>
        ) : null}
        {choices.map((choice) => (
          <label>
            <input type="radio" name={field} value={choice} checked={value(field) === choice} required aria-invalid={error ? 'true' : undefined} /> {m.choices[choice]}
          </label>
        ))}
      </fieldset>
    );
  };
  return (
    <details open={mine !== null}>
      <summary>{m.actions[action].title}</summary>
      <form method="post" action={props.actionHref(action)} novalidate>
        <input type="hidden" name="form_token" value={props.formTokens[action]} />
        <input type="hidden" name="parcel" value={parcel.trackingNumber} />
        {action === 'address' ? (
          <>
            {radios('choice', ['confirm', 'correct'])}
            {text('line1', 'input', 'address-line1')}
            {text('line2', 'input', 'address-line2')}
            {text('postal_code', 'input', 'postal-code')}
            {text('city', 'input', 'address-level2')}
          </>
        ) : null}
        {action === 'instructions' ? text('instructions', 'textarea') : null}
        {action === 'problem' ? (
          <>
            {radios('kind', ['not_arrived', 'damaged'])}
            {text('details', 'textarea')}
          </>
        ) : null}
        {action === 'refund' || action === 'reship' ? text('note', 'textarea') : null}
        <button type="submit">{m.actions[action].submit}</button>
      </form>
    </details>
  );
}
