// The default pack (packs/default/): every workflow a new store starts with. Each file must parse,
// be named after its id, carry de/fr/es translations, keep SMS texts to one GSM-7 segment, and
// render every Liquid template against a realistic context without leftovers or broken copy.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Liquid } from 'liquidjs';
import type { OrderRecord } from '../../src/core/order/order-record.ts';
import { DEFAULT_STORE_SETTINGS } from '../../src/core/settings/store-settings.ts';
import type { ShipmentRecord } from '../../src/core/shipment/shipment-record.ts';
import { parseWorkflowText } from '../../src/core/workflows/parse-workflow.ts';
import { buildRuleContext } from '../../src/core/workflows/rule-context.ts';
import type { MessageTemplate, Step, WorkflowDocument } from '../../src/core/workflows/workflow-schema.ts';

const PACK = new URL('../../packs/default/', import.meta.url);
const LANGUAGES = ['de', 'fr', 'es'] as const;
/** Milestones the engine ranks; every other milestone in the pack is an exception milestone. */
const RANKED = ['order_confirmed', 'payment_processed', 'in_preparation', 'being_prepared', 'shipped', 'in_transit_midpoint', 'out_for_delivery', 'delivered', 'follow_up'];

interface PackFile {
  file: string;
  text: string;
  document: WorkflowDocument;
}

type Notify = Extract<Step, { notify: unknown }>['notify'];

function loadPack(): PackFile[] {
  const files = readdirSync(fileURLToPath(PACK))
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
  return files.map((file) => {
    const text = readFileSync(new URL(file, PACK), 'utf8');
    const parsed = parseWorkflowText(file, text);
    if (!parsed.ok) {
      const lines = parsed.problems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.field || '(document)'}: ${p.reason}`);
      assert.fail(`${file} does not parse:\n${lines.join('\n')}`);
    }
    return { file, text, document: parsed.document };
  });
}

function notifySteps(steps: readonly Step[]): Notify[] {
  return steps.flatMap((step): Notify[] => {
    if ('notify' in step) return [step.notify];
    if ('branch' in step) return [...notifySteps(step.branch.then), ...notifySteps(step.branch.else ?? [])];
    if ('wait_for_engagement' in step) return notifySteps(step.wait_for_engagement.otherwise);
    return [];
  });
}

function caseSummaries(steps: readonly Step[]): string[] {
  return steps.flatMap((step): string[] => {
    if ('open_case' in step) return step.open_case.summary === undefined ? [] : [step.open_case.summary];
    if ('branch' in step) return [...caseSummaries(step.branch.then), ...caseSummaries(step.branch.else ?? [])];
    if ('wait_for_engagement' in step) return caseSummaries(step.wait_for_engagement.otherwise);
    return [];
  });
}

interface Template {
  where: string;
  field: 'subject' | 'text' | 'html' | 'short' | 'summary';
  language: string;
  source: string;
}

function templatesOf(pack: readonly PackFile[]): Template[] {
  return pack.flatMap(({ file, document }) => {
    const out: Template[] = [];
    const add = (where: string, language: string, message: MessageTemplate) => {
      for (const field of ['subject', 'text', 'html', 'short'] as const) {
        const source = message[field];
        if (source !== undefined) out.push({ where: `${where}.${field}`, field, language, source });
      }
    };
    for (const notify of notifySteps(document.steps)) {
      add(`${file} ${notify.milestone} (en)`, 'en', notify.message);
      for (const [language, message] of Object.entries(notify.translations ?? {})) add(`${file} ${notify.milestone} (${language})`, language, message);
    }
    caseSummaries(document.steps).forEach((source, i) => out.push({ where: `${file} open_case[${i}].summary`, field: 'summary', language: 'en', source }));
    return out;
  });
}

// A context shaped like buildRuleContext's output (checked below), plus the template-only links.
const FULL_CONTEXT = {
  store: { name: 'Northwind Goods', country: 'DE' },
  order: {
    ref: 'shopify:5123456789',
    number: '#10482',
    total: 642.5,
    value: 642.5,
    currency: 'EUR',
    tags: ['vip', 'made-to-order'],
    vip: true,
    high_value: true,
    channel: 'online_store',
    shipping_method: 'Standard shipping',
    local_pickup: false,
    payment_method: 'card',
    financial_status: 'paid',
    destination: { city: 'Lyon', postal_code: '69002', country: 'FR' },
    international: true,
    status: 'in_transit',
    status_words: 'On its way',
    placed_at: '2026-11-16T09:12:00.000Z',
    paid_at: '2026-11-16T09:40:00.000Z',
    cancelled: false,
    refunded: false,
    promise_date: '2026-11-21',
    past_promise: false,
    payment_captured_later: true,
    item_count: 3,
    made_to_order: true,
  },
  customer: {
    ref: 'shopify:customer:77',
    email: 'ana.martin@example.com',
    phone: '+33612345678',
    first_name: 'Ana',
    last_name: 'Martin',
    locale: 'fr-FR',
    accepts_sms: true,
    accepts_email_marketing: true,
    order_count: 3,
    first_time: false,
  },
  shipment: {
    tracking_number: '1Z999AA10123456784',
    carrier: 'royal_mail',
    state: 'in_transit',
    state_words: 'On its way',
    reason: 'damaged',
    reason_words: 'Damaged in transit',
    eta: '2026-11-20T00:00:00.000Z',
    days_to_eta: 3.5,
    last_scan_at: '2026-11-17T06:30:00.000Z',
    hours_since_scan: 5,
    last_location: { city: 'Köln', region: 'NRW', country: 'DE', description: 'Departed sorting centre' },
    attempts: 0,
  },
  shipments: { count: 1, delivered: 0, states: ['in_transit'] },
  history: { messages_sent: 2, milestones_sent: ['order_confirmed', 'shipped'], engaged: ['shipped'], open_cases: 0, open_tickets: 0, exceptions: 0 },
  trigger: { kind: 'state', value: 'in_transit' },
  links: { tracking: 'https://orders.northwindgoods.example/track/10482-8f3k2j9q', help: 'https://northwindgoods.example/help' },
};

/** What the data often looks like: no first name, carrier, ETA, location or links. */
const SPARSE_CONTEXT = {
  ...FULL_CONTEXT,
  order: { ...FULL_CONTEXT.order, number: '1001', vip: false, high_value: false, local_pickup: true, tags: [] },
  customer: { ...FULL_CONTEXT.customer, first_name: '', last_name: null },
  shipment: { ...FULL_CONTEXT.shipment, carrier: null, reason: null, reason_words: null, eta: null, days_to_eta: null, last_location: null },
  links: { tracking: '', help: '' },
};

/** An order-level run (order.placed, order.paid) whose order has no parcel yet. */
const NO_PARCEL_CONTEXT = {
  ...SPARSE_CONTEXT,
  customer: { ...SPARSE_CONTEXT.customer, first_name: null },
  shipment: null,
  links: { tracking: '', help: 'https://northwindgoods.example/help' },
};

const CONTEXTS = { full: FULL_CONTEXT, sparse: SPARSE_CONTEXT, 'no parcel': NO_PARCEL_CONTEXT };

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('\f^{}\\[~]|€');

/** Septets the text takes in GSM-7, or null when a character forces UCS-2 (70-character segments). */
function gsm7Length(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) length += 1;
    else if (GSM7_EXTENDED.has(char)) length += 2;
    else return null;
  }
  return length;
}

const pack = loadPack();
const templates = templatesOf(pack);
const liquid = new Liquid({ strictFilters: true });

test('every workflow parses, is named after its id, and ids are unique', () => {
  assert.ok(pack.length >= 17, `expected the full pack, found ${pack.length} files`);
  const ids = new Set<string>();
  for (const { file, document } of pack) {
    assert.equal(file, `${document.id}.yaml`, `${file}: the file name must be <id>.yaml`);
    assert.ok(!ids.has(document.id), `${file}: duplicate id ${document.id}`);
    ids.add(document.id);
    assert.ok(document.name.trim().length > 0, `${file}: needs a name`);
    assert.ok(document.description && document.description.length > 20 && !document.description.includes('\n'), `${file}: needs a one-line description`);
  }
});

test('milestones are unique across the pack and ranked ones are spelled as the engine ranks them', () => {
  const seen = new Map<string, string>();
  for (const { file, document } of pack) {
    for (const { milestone } of notifySteps(document.steps)) {
      assert.ok(!seen.has(milestone), `${file}: milestone ${milestone} is also sent by ${seen.get(milestone)}; one would suppress the other`);
      seen.set(milestone, file);
    }
  }
  for (const milestone of RANKED) assert.ok(seen.has(milestone), `no workflow sends the ranked milestone ${milestone}`);
});

test('every notify has de, fr and es translations with the same fields as the message', () => {
  for (const { file, document } of pack) {
    for (const notify of notifySteps(document.steps)) {
      const fields = Object.keys(notify.message).sort();
      const mobile = notify.channels.some((c) => c === 'sms' || c === 'whatsapp' || c === 'telegram');
      if (mobile) assert.ok(notify.message.short, `${file} ${notify.milestone}: sends by ${notify.channels.join('/')} so needs a short text`);
      if (notify.channels.includes('email')) assert.ok(notify.message.subject, `${file} ${notify.milestone}: an email needs a subject`);
      for (const language of LANGUAGES) {
        const translation = notify.translations?.[language];
        assert.ok(translation, `${file} ${notify.milestone}: missing the ${language} translation`);
        assert.deepEqual(Object.keys(translation).sort(), fields, `${file} ${notify.milestone} (${language}): must translate the same fields`);
        assert.notEqual(translation.text, notify.message.text, `${file} ${notify.milestone} (${language}): is not translated`);
      }
    }
  }
});

test('every Liquid template parses and uses only variables the context has', () => {
  assert.ok(templates.length > 100, `found only ${templates.length} templates`);
  for (const template of templates) {
    let parsed;
    try {
      parsed = liquid.parse(template.source);
    } catch (error) {
      assert.fail(`${template.where}: does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const segments of liquid.globalVariableSegmentsSync(parsed)) {
      let value: unknown = FULL_CONTEXT;
      for (const segment of segments) {
        assert.ok(value !== null && typeof value === 'object' && Object.hasOwn(value, String(segment)), `${template.where}: {{ ${segments.join('.')} }} is not in the rule context`);
        value = (value as Record<string, unknown>)[String(segment)];
      }
    }
  }
});

test('every template renders cleanly with full, sparse and parcel-less data', () => {
  for (const template of templates) {
    for (const [label, context] of Object.entries(CONTEXTS)) {
      let out: string;
      try {
        out = liquid.parseAndRenderSync(template.source, context) as string;
      } catch (error) {
        assert.fail(`${template.where} with ${label} data: throws ${error instanceof Error ? error.message : String(error)}`);
      }
      const where = `${template.where} with ${label} data:\n${out}\n`;
      assert.ok(!out.includes('{{') && !out.includes('{%') && !out.includes('}}'), `${where}leaves Liquid markup`);
      assert.ok(out.trim().length > 0, `${where}renders empty`);
      assert.doesNotMatch(out, /\n{3,}/, `${where}leaves an empty paragraph`);
      assert.doesNotMatch(out, /[^\n ] {2,}\S/, `${where}leaves a double space`);
      assert.doesNotMatch(out, /[ \t]+\n/, `${where}leaves trailing spaces`);
      assert.doesNotMatch(out, /\s[,.]|\(\)|\bnull\b|\bundefined\b|: \./, `${where}leaves a gap where a value was missing`);
      assert.doesNotMatch(out, /no-?reply|do not reply/i, `${where}must not tell customers not to reply`);
      assert.ok((out.match(/!/g) ?? []).length <= 1, `${where}uses more than one exclamation mark`);
      if (template.field === 'subject') assert.ok(!out.includes('\n') && out.length <= 90, `${where}a subject is one line of at most 90 characters`);
    }
  }
});

test('every short text fits one GSM-7 SMS of 160 characters', () => {
  const shorts = templates.filter((t) => t.field === 'short');
  assert.ok(shorts.length >= 12, `found only ${shorts.length} short texts`);
  for (const template of shorts) {
    assert.ok(template.source.length <= 400, `${template.where}: keep the short template itself short`);
    for (const [label, context] of Object.entries(CONTEXTS)) {
      const out = liquid.parseAndRenderSync(template.source, context) as string;
      assert.ok(out.length <= 160, `${template.where} with ${label} data: ${out.length} characters: ${out}`);
      const septets = gsm7Length(out);
      assert.ok(septets !== null, `${template.where} with ${label} data: has a character outside GSM-7, which halves the SMS to 70: ${out}`);
      assert.ok(septets <= 160, `${template.where} with ${label} data: ${septets} GSM-7 septets: ${out}`);
    }
  }
});

test('the sample context has the shape buildRuleContext produces', () => {
  const order: OrderRecord = {
    storeId: 'default',
    orderRef: 'shopify:5123456789',
    customerRef: 'shopify:customer:77',
    facts: {
      number: '#10482',
      total: '642.50',
      currency: 'EUR',
      tags: ['vip'],
      shipping_method: 'Standard shipping',
      destination: { city: 'Lyon', country: 'FR' },
      customer: { email: 'ana.martin@example.com', first_name: 'Ana' },
      line_items: [],
    },
    promiseDate: '2026-11-21',
    placedAt: '2026-11-16T09:12:00.000Z',
    paidAt: '2026-11-16T09:40:00.000Z',
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    factsAsOf: '2026-11-16T09:40:00.000Z',
    lastEventAt: '2026-11-17T06:30:00.000Z',
    createdAt: '2026-11-16T09:12:00.000Z',
    updatedAt: '2026-11-17T06:30:00.000Z',
  };
  const shipment: ShipmentRecord = {
    id: 'shp_1',
    storeId: 'default',
    trackingNumber: '1Z999AA10123456784',
    carrier: 'ups',
    carrierCandidates: [],
    carrierAmbiguous: false,
    orderRef: order.orderRef,
    truth: {
      state: 'in_transit',
      reason: null,
      stateSince: '2026-11-17T06:30:00.000Z',
      lastScanAt: '2026-11-17T06:30:00.000Z',
      lastLocation: { city: 'Köln' },
      estimatedDeliveryAt: '2026-11-20T00:00:00.000Z',
      foldedKey: null,
      observationCount: 2,
    },
    createdAt: '2026-11-17T06:30:00.000Z',
    updatedAt: '2026-11-17T06:30:00.000Z',
  };
  const real = buildRuleContext({
    order,
    shipments: [shipment],
    trackingNumber: shipment.trackingNumber,
    notifications: [],
    openCases: [],
    ticketCount: 0,
    exceptionCount: 0,
    customerOrderCount: 3,
    settings: { ...DEFAULT_STORE_SETTINGS, country: 'DE' },
    storeName: 'Northwind Goods',
    trigger: { kind: 'state', value: 'in_transit' },
    nowMs: Date.parse('2026-11-17T12:00:00.000Z'),
  });
  const { links: _links, ...sample } = FULL_CONTEXT;
  assert.deepEqual(shape(sample), shape(real), 'update the sample context in this test to match buildRuleContext');
});

/** Keys two levels deep (free-form objects such as destination and last_location are not compared). */
function shape(context: Readonly<Record<string, unknown>>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).sort() : []]),
  );
}
