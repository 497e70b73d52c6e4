// A generic JSON source (a WMS, an ERP, a POS, a 3PL): the store's configuration says how a request
// is authenticated (an HMAC header, or a shared token) and how its payload maps to canonical events
// (one JSONata expression per canonical field). Mappings are data, stored per store with
// `herald sources add-generic`; a fixed mapping applies to quarantined payloads on replay.

import { createHmac } from 'node:crypto';
import jsonata from 'jsonata';
import { z } from 'zod';
import type { ParsedWebhook, SourceRequest, VerifyResult, WebhookSource } from '../../core/ports/source.ts';
import { JsonSyntaxError, parseJsonExact } from './exact-json.ts';
import { bytesEqual, decodeBase64, decodeHex, refuse, textEqual, VERIFIED } from './signatures.ts';
import { SourceParseError } from './source-errors.ts';

const authSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hmac'),
    /** Header carrying the signature, e.g. `x-signature`. */
    header: z.string().min(1).transform((h) => h.toLowerCase()),
    algorithm: z.enum(['sha256', 'sha1', 'sha512']).default('sha256'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** Text before the signature in the header, e.g. `sha256=`. */
    prefix: z.string().default(''),
  }),
  z.strictObject({
    type: z.literal('token'),
    /** Header carrying the token (compared with the secret); else the `?token=` query parameter. */
    header: z.string().min(1).transform((h) => h.toLowerCase()).optional(),
  }),
]);

export const genericSettingsSchema = z.strictObject({
  kind: z.literal('generic'),
  auth: authSchema,
  /** JSONata selecting the records that each become one event (default: the whole payload). */
  records: z.string().min(1).default('$'),
  /** Canonical field path (`type`, `order_ref`, `shipment.tracking_number`, ...) -> JSONata over one record. */
  fields: z.record(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a canonical field path like shipment.tracking_number'), z.string().min(1)),
});

export type GenericSettings = z.infer<typeof genericSettingsSchema>;

/** Checks settings and compiles every expression; throws with the field or expression at fault. */
export function compileGenericSource(name: string, input: unknown): WebhookSource {
  const settings = genericSettingsSchema.parse(input);
  if (!('type' in settings.fields)) throw new Error("fields: a mapping needs at least 'type'");
  const compile = (label: string, text: string) => {
    try {
      return jsonata(text);
    } catch (error) {
      throw new Error(`${label}: invalid JSONata (${(error as { message?: string }).message ?? String(error)})`, { cause: error });
    }
  };
  const records = compile('records', settings.records);
  const fields = Object.entries(settings.fields).map(([path, text]) => ({ path: path.split('.'), label: path, expression: compile(`fields.${path}`, text) }));

  return {
    name,
    verify(request, secrets): VerifyResult {
      const { auth } = settings;
      if (secrets.secret === '') return refuse(`no secret is configured for source '${name}'`);
      if (auth.type === 'token') {
        const given = auth.header ? request.headers[auth.header] : request.url.searchParams.get('token');
        if (given === undefined || given === null) return refuse(auth.header ? `missing ${auth.header} header` : 'missing ?token= in the URL');
        return textEqual(given, secrets.secret) ? VERIFIED : refuse(`token mismatch: check the ${name} token`);
      }
      const header = request.headers[auth.header];
      if (header === undefined) return refuse(`missing ${auth.header} header`);
      if (!header.startsWith(auth.prefix)) return refuse(`${auth.header} must start with '${auth.prefix}'`);
      const value = header.slice(auth.prefix.length).trim();
      const given = auth.encoding === 'hex' ? decodeHex(value) : decodeBase64(value);
      if (given === null) return refuse(`${auth.header} is not ${auth.encoding}`);
      const expected = createHmac(auth.algorithm, secrets.secret).update(request.body).digest();
      return bytesEqual(given, expected) ? VERIFIED : refuse(`signature mismatch: check the ${name} webhook secret`);
    },
    async parse(request: SourceRequest): Promise<ParsedWebhook> {
      let payload: unknown;
      try {
        payload = parseJsonExact(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
      } catch (error) {
        throw new SourceParseError(name, '(body)', error instanceof JsonSyntaxError ? `is not valid JSON: ${error.message}` : 'is not UTF-8 JSON', { cause: error });
      }
      const selected = plain(await evaluate(name, 'records', () => records.evaluate(payload, { payload })));
      const list = selected === undefined || selected === null ? [] : Array.isArray(selected) ? selected : [selected];
      const events: unknown[] = [];
      for (const record of list) {
        const event: Record<string, unknown> = {};
        for (const field of fields) {
          const value = plain(await evaluate(name, field.label, () => field.expression.evaluate(record, { payload })));
          if (value !== undefined && value !== null) setPath(event, field.path, value);
        }
        events.push(event);
      }
      return { deliveryId: null, topic: null, events };
    },
  };
}

async function evaluate(name: string, label: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    throw new SourceParseError(name, label, `mapping failed: ${(error as { message?: string }).message ?? String(error)}`, { cause: error });
  }
}

/** JSONata sequences and objects carry extra properties; a JSON round trip leaves plain data. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else node = node[key] = {};
  }
  node[path.at(-1)!] = value;
}
