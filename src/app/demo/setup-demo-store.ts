// Prepares a store for the demo week: the shop's settings, the four webhook sources with fresh
// secrets (Zendesk answering through a stand-in help desk), and a dashboard owner to sign in as.
// Channels stay unconfigured, so every message lands in the outbox.

import { createUser } from '../admin-users.ts';
import { createApiKey } from '../api-keys.ts';
import { HEALTH_CHECK_INTERVAL_MS, sourceHealthCheckJob } from '../source-health.ts';
import { isoAt, type Clock } from '../../core/ports/clock.ts';
import type { IdSource } from '../../core/ports/ids.ts';
import type { Store } from '../../core/ports/store.ts';
import { withDefaultSettings } from '../../core/settings/store-settings.ts';
import { SHOP_COUNTRY, SHOP_DOMAIN, SHOP_NAME } from './demo-catalog.ts';
import { DEMO_SOURCES, type DemoSource } from './plan-shop-week.ts';
import type { DemoSecrets } from './sign-demo-webhook.ts';

export const DEMO_USER_EMAIL = 'demo@herald.local';

export interface DemoStoreSetup {
  secrets: DemoSecrets;
  email: string;
  password: string;
}

export interface SetupDemoDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  /** Drops cached settings after they change (the workflow catalog's `invalidate`). */
  invalidate: (storeId: string) => void;
}

export async function setupDemoStore(deps: SetupDemoDeps, storeId: string, helpdesk: { baseUrl: string; email: string; apiToken: string }): Promise<DemoStoreSetup> {
  const nowMs = deps.clock.nowMs();
  const settings = withDefaultSettings(await deps.store.admin.getStoreSettings(storeId));
  await deps.store.admin.saveStoreSettings(
    storeId,
    {
      ...settings,
      country: SHOP_COUNTRY,
      timeZone: 'America/New_York',
      ticketAnswering: 'answer',
      brand: { ...settings.brand, name: SHOP_NAME, replyTo: 'support@northwind-outfitters.example', helpUrl: 'https://northwind-outfitters.example/help' },
    },
    isoAt(nowMs),
  );
  const secrets = Object.fromEntries(DEMO_SOURCES.map((source) => [source, `demo_${source}_${deps.ids.secretToken(18)}`])) as Record<DemoSource, string>;
  for (const source of DEMO_SOURCES) {
    await deps.store.admin.saveSourceConfig({
      storeId,
      source,
      secret: secrets[source],
      urlToken: null,
      shopDomain: source === 'shopify' ? SHOP_DOMAIN : null,
      settings: source === 'zendesk' ? { reply: { provider: 'zendesk', base_url: helpdesk.baseUrl, email: helpdesk.email, api_token: helpdesk.apiToken } } : null,
      createdAt: isoAt(nowMs),
    });
  }
  await deps.store.transact((tx) => tx.scheduleJobs(DEMO_SOURCES.map((source) => sourceHealthCheckJob(storeId, source, nowMs + HEALTH_CHECK_INTERVAL_MS))));
  const password = deps.ids.secretToken(12);
  await createUser(deps, { storeId, email: DEMO_USER_EMAIL, name: 'Demo Owner', role: 'owner', password });
  deps.invalidate(storeId);
  return { secrets, email: DEMO_USER_EMAIL, password };
}

/**
 * Before Herald first starts on the demo folder: the shop's store under its own name (so messages
 * are signed "Northwind Outfitters"), and its API key. Herald then installs the default pack in it.
 */
export async function createDemoShop(deps: Omit<SetupDemoDeps, 'invalidate'>, storeId: string): Promise<string> {
  await deps.store.admin.createStore({ id: storeId, name: SHOP_NAME, createdAt: isoAt(deps.clock.nowMs()) });
  return (await createApiKey(deps, storeId, 'demo key')).secret;
}
