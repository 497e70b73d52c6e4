// Turns one provider's raw status codes into a shipment state and reason (DESIGN.md §5, rule 1).
// Pure and total: any input, however malformed, yields a result; codes no table knows are
// reported back so source health can count them.

import type { ShipmentReason } from './shipment-reasons.ts';
import type { ShipmentState } from './shipment-states.ts';
import { AFTERSHIP_TABLE } from './provider-mappings/aftership.ts';
import { EASYPOST_TABLE } from './provider-mappings/easypost.ts';
import { KARRIO_TABLE } from './provider-mappings/karrio.ts';
import { SEVENTEEN_TRACK_TABLE } from './provider-mappings/seventeen-track.ts';
import { SHIPPO_TABLE } from './provider-mappings/shippo.ts';
import { SHOPIFY_TABLE } from './provider-mappings/shopify.ts';

export const PROVIDERS = ['aftership', 'easypost', 'shippo', '17track', 'karrio', 'shopify'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The raw codes as the provider sent them: its top-level status and, if any, its sub-status. */
export interface ProviderStatus {
  parent: string;
  sub?: string | null | undefined;
}

/**
 * How much of the input the tables knew.
 * - `exact`: the parent, and the sub-status when one was given, are both in the table.
 * - `sub_unmapped`: the parent is known, the sub-status is not; the parent alone decided.
 * - `parent_unmapped`: the parent is not known; the state is `unknown`.
 */
export type MappingMatch = 'exact' | 'sub_unmapped' | 'parent_unmapped';

export interface MappedStatus {
  state: ShipmentState;
  reason: ShipmentReason | null;
  match: MappingMatch;
  /** The raw code no table knew (trimmed, case kept), for source-health counting; else null. */
  unmappedCode: string | null;
}

/** A parent code always decides a state; it may also name a reason. */
export interface ParentRow {
  readonly state: ShipmentState;
  readonly reason?: ShipmentReason;
}

/** A sub-status may override the state, the reason, both, or nothing (it only restates). */
export interface SubRow {
  readonly state?: ShipmentState;
  readonly reason?: ShipmentReason;
}

export interface ProviderTable {
  readonly parents: Readonly<Record<string, ParentRow>>;
  readonly subs: Readonly<Record<string, SubRow>>;
}

/** Every provider's table, keyed by provider, as written in `provider-mappings/`. */
export const PROVIDER_TABLES: Readonly<Record<Provider, ProviderTable>> = {
  aftership: AFTERSHIP_TABLE,
  easypost: EASYPOST_TABLE,
  shippo: SHIPPO_TABLE,
  '17track': SEVENTEEN_TRACK_TABLE,
  karrio: KARRIO_TABLE,
  shopify: SHOPIFY_TABLE,
};

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}

/**
 * Map the parent first, then let the sub-status override state and/or reason. An unknown
 * sub-status falls back to the parent; an unknown parent becomes `unknown`. An `exception`
 * with no reason from any row gets `other`; other states keep a reason only if a row gave one.
 * When a sub-status moves the state, the parent's reason is dropped: it explained the old state.
 */
export function mapProviderStatus(provider: Provider, status: ProviderStatus): MappedStatus {
  // Callers hand over parsed JSON; guard the shape here rather than trust the static type.
  const input = (typeof status === 'object' && status !== null ? status : {}) as Partial<ProviderStatus>;
  const parentCode = rawCode(input.parent);
  const lookup = LOOKUPS.get(provider);
  const parent = lookup?.parents.get(normalizeCode(parentCode));
  if (lookup === undefined || parent === undefined) {
    return { state: 'unknown', reason: null, match: 'parent_unmapped', unmappedCode: parentCode };
  }

  const subCode = rawCode(input.sub);
  if (subCode === '') return withDefaultReason(parent.state, parent.reason, 'exact', null);

  const sub = lookup.subs.get(normalizeCode(subCode));
  if (sub === undefined) return withDefaultReason(parent.state, parent.reason, 'sub_unmapped', subCode);

  const state = sub.state ?? parent.state;
  const inheritedReason = state === parent.state ? parent.reason : undefined;
  return withDefaultReason(state, sub.reason ?? inheritedReason, 'exact', null);
}

interface Lookup {
  parents: ReadonlyMap<string, ParentRow>;
  subs: ReadonlyMap<string, SubRow>;
}

// Declared before LOOKUPS, which normalises every table key while the module loads.
const INTEGER_CODE = /^\d+(?:\.0+)?$/;

// Maps, not the table objects, so that codes such as `__proto__` or `constructor` can never hit
// an inherited property.
const LOOKUPS: ReadonlyMap<string, Lookup> = new Map(
  PROVIDERS.map((provider) => {
    const table = PROVIDER_TABLES[provider];
    return [provider, { parents: indexRows(table.parents), subs: indexRows(table.subs) }] as const;
  }),
);

function indexRows<Row>(rows: Readonly<Record<string, Row>>): ReadonlyMap<string, Row> {
  return new Map(Object.entries(rows).map(([code, row]) => [normalizeCode(code), row] as const));
}

/**
 * The key a code is looked up by: trimmed and lower-cased, because providers vary in case
 * (Shopify REST `in_transit` vs GraphQL `IN_TRANSIT`). Integer-looking codes lose leading zeros
 * and a `.0` tail so 17TRACK's v1 state matches whether it arrives as 40, "40" or "40.0".
 */
export function normalizeCode(code: string): string {
  const key = code.trim().toLowerCase();
  return INTEGER_CODE.test(key) ? String(Number.parseInt(key, 10)) : key;
}

function rawCode(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function withDefaultReason(
  state: ShipmentState,
  reason: ShipmentReason | undefined,
  match: MappingMatch,
  unmappedCode: string | null,
): MappedStatus {
  return { state, reason: reason ?? (state === 'exception' ? 'other' : null), match, unmappedCode };
}
