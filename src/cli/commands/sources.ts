// herald sources [list] | sources add <provider>: configure webhook sources and show their health.
// Like `herald keys`, it opens the store itself.

import type { Command } from 'commander';
import { ZodError } from 'zod';
import { createHelpdeskClient, HELPDESK_PROVIDERS, isHelpdeskProvider } from '../../adapters/helpdesk/index.ts';
import { describeSourceHealth, HEALTH_CHECK_INTERVAL_MS, sourceHealthCheckJob } from '../../app/source-health.ts';
import { isoAt } from '../../core/ports/clock.ts';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isSourceName, SOURCE_NAMES } from '../../adapters/sources/index.ts';
import { compileGenericSource } from '../../adapters/sources/generic-json.ts';
import { SETUP_GUIDES, webhookUrl } from '../../adapters/sources/setup-guides.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import { loadConfig } from '../load-config.ts';

/** Source names Herald uses itself. */
const RESERVED_SOURCES: ReadonlySet<string> = new Set(['api', 'herald', 'import']);

interface AddFlags {
  store: string;
  secret: string;
  shopDomain?: string;
  urlToken?: string;
  publicUrl?: string;
}

export function registerSources(program: Command): void {
  const sources = program.command('sources').description('webhook sources: set one up, or list their health');

  sources
    .command('list', { isDefault: true })
    .description('per source: last event, events and failures over 24 h, unmapped status codes')
    .option('--store <id>', 'store id', 'default')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (flags: { store: string; json?: boolean } & Record<string, unknown>) => {
      const config = loadConfig({ ...program.opts(), ...flags });
      const store = await openStore(config, systemClock);
      try {
        await store.migrate();
        const views = await describeSourceHealth(store, flags.store, systemClock.nowMs());
        if (flags.json) {
          console.log(JSON.stringify({ store_id: flags.store, sources: views }, null, 2));
          return;
        }
        if (views.length === 0) console.log(`no sources for store '${flags.store}': add one with \`herald sources add <provider> --store ${flags.store} --secret ...\``);
        for (const v of views) {
          console.log(
            `${v.source.padEnd(12)} ${v.health.status.padEnd(8)} last event ${v.last_event_at ?? 'never'}  24h: ${v.events_last_24h} events, ` +
              `${v.signature_failures_last_24h} signature failures, ${v.parse_failures_last_24h} parse failures, ${v.unmapped_last_24h} unmapped`,
          );
          for (const code of v.unmapped_codes) console.log(`${''.padEnd(13)}unmapped ${code.code} x${code.count} (last ${code.last_seen_at})`);
        }
      } finally {
        await store.close();
      }
    });

  sources
    .command('add-generic <name>')
    .description('configure a generic JSON source (WMS, ERP, 3PL, ...) mapped by JSONata; see docs/sources.md')
    .requiredOption('--mapping <file>', 'the mapping (JSON or YAML): kind, auth, records, fields')
    .requiredOption('--secret <secret>', 'the HMAC key or the shared token')
    .option('--store <id>', 'store id', 'default')
    .option('--public-url <url>', 'the address the system reaches Herald at', 'https://herald.example.com')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (name: string, flags: { mapping: string; secret: string; store: string; publicUrl: string } & Record<string, unknown>) => {
      if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(name) || isSourceName(name) || RESERVED_SOURCES.has(name)) {
        throw new Error(`'${name}' cannot name a generic source: use lowercase letters, digits, - and _, and not a built-in name (${[...SOURCE_NAMES, ...RESERVED_SOURCES].join(', ')})`);
      }
      const settings = parseYaml(readFileSync(flags.mapping, 'utf8')) as Record<string, unknown>;
      try {
        compileGenericSource(name, settings);
      } catch (error) {
        throw new Error(`${flags.mapping}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const config = loadConfig({ ...program.opts(), ...flags });
      const store = await openStore(config, systemClock);
      try {
        await store.migrate();
        if (!(await store.admin.getStore(flags.store))) throw new Error(`no store '${flags.store}': create it with \`herald keys create --store ${flags.store} --create-store\``);
        const nowMs = systemClock.nowMs();
        await store.admin.saveSourceConfig({ storeId: flags.store, source: name, secret: flags.secret, urlToken: null, shopDomain: null, settings, createdAt: isoAt(nowMs) });
        await store.transact((tx) => tx.scheduleJobs([sourceHealthCheckJob(flags.store, name, nowMs + HEALTH_CHECK_INTERVAL_MS)]));
        console.log(`Generic source '${name}' configured for store '${flags.store}'.\n`);
        console.log(`Webhook URL (POST JSON to it):\n\n  ${webhookUrl(flags.publicUrl, name, flags.store, null)}\n`);
      } finally {
        await store.close();
      }
    });

  sources
    .command('add <provider>')
    .description(`configure a webhook source for a store and print the URL and topics to subscribe (${SOURCE_NAMES.join(', ')})`)
    .requiredOption('--secret <secret>', "the provider's webhook secret (HMAC key, or 17TRACK API key)")
    .option('--store <id>', 'store id', 'default')
    .option('--shop-domain <domain>', 'Shopify: the shop (<shop>.myshopify.com) allowed to send to this store')
    .option('--url-token <token>', 'Shippo: a self-generated token for the URL')
    .option('--reply <file>', 'help desks: a YAML/JSON file with the API credentials Herald answers and tags tickets with (docs/helpdesks.md)')
    .option('--public-url <url>', 'the address providers reach Herald at', 'https://herald.example.com')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .action(async (provider: string, flags: AddFlags & { reply?: string } & Record<string, unknown>) => {
      if (!isSourceName(provider)) throw new Error(`unknown provider '${provider}': use one of ${SOURCE_NAMES.join(', ')}`);
      if (flags.shopDomain !== undefined && provider !== 'shopify') throw new Error('--shop-domain is for shopify only');
      if (flags.urlToken !== undefined && provider !== 'shippo') throw new Error('--url-token is for shippo only');
      const reply = flags.reply === undefined ? undefined : readReplySettings(flags.reply);
      const config = loadConfig({ ...program.opts(), ...flags });
      const store = await openStore(config, systemClock);
      try {
        await store.migrate();
        if (!(await store.admin.getStore(flags.store))) throw new Error(`no store '${flags.store}': create it with \`herald keys create --store ${flags.store} --create-store\``);
        const nowMs = systemClock.nowMs();
        await store.admin.saveSourceConfig({
          storeId: flags.store,
          source: provider,
          secret: flags.secret,
          urlToken: flags.urlToken ?? null,
          shopDomain: flags.shopDomain?.toLowerCase() ?? null,
          ...(reply ? { settings: { reply } } : {}),
          createdAt: isoAt(nowMs),
        });
        await store.transact((tx) => tx.scheduleJobs([sourceHealthCheckJob(flags.store, provider, nowMs + HEALTH_CHECK_INTERVAL_MS)]));
        const guide = SETUP_GUIDES[provider];
        const url = webhookUrl(flags.publicUrl ?? 'https://herald.example.com', provider, flags.store, flags.urlToken ?? null);
        console.log(`Source '${provider}' configured for store '${flags.store}'.\n`);
        console.log(`Webhook URL (paste it into ${provider}):\n\n  ${url}\n`);
        console.log(`Subscribe to:\n${guide.topics.map((t) => `  - ${t}`).join('\n')}\n`);
        console.log(`Secret: ${guide.secret}.`);
        for (const note of guide.notes) console.log(note);
      } finally {
        await store.close();
      }
    });
}

/** A help desk's reply credentials: `provider` plus that client's settings, checked before anything is saved. */
function readReplySettings(file: string): Record<string, unknown> {
  const value = parseYaml(readFileSync(file, 'utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}: must be a mapping with provider and its settings`);
  const { provider, ...settings } = value as Record<string, unknown>;
  if (!isHelpdeskProvider(provider)) throw new Error(`${file}: provider must be one of ${HELPDESK_PROVIDERS.join(', ')}`);
  try {
    createHelpdeskClient(provider, settings);
  } catch (error) {
    const issues = error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ') : String(error);
    throw new Error(`${file}: ${issues}`);
  }
  return { provider, ...settings };
}
