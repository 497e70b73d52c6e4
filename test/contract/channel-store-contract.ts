// The Store contract for channels: channel configs, consent records, install secrets and finding
// a notification by its provider's message id. Every adapter (SQLite, PostgreSQL) runs this same
// suite unchanged, next to store-contract.ts and workflow-store-contract.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyConsentChange, type ConsentChange, type ConsentPurpose, type ConsentRecord } from '../../src/core/consent/consent-record.ts';
import type { ChannelConfigRecord, ChannelProviderConfig } from '../../src/core/notifications/channel-config.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { pauseBucket, takeToken, tryTakeToken, type BucketState } from '../../src/core/channels/token-bucket.ts';
import { useContractStore, type StoreFactory } from './store-contract.ts';
import { notification } from './workflow-store-contract.ts';

// 2^53 and 2^53 + 1 are one double apart only as strings: coerced to numbers they collide.
const TWO_53 = '9007199254740992';
const TWO_53_PLUS_1 = '9007199254740993';
const CHAT_ID = '7390571430123456789';

export function runChannelStoreContract(name: string, factory: StoreFactory, skip: string | false = false): void {
  describe(`Channel store contract: ${name}`, { skip }, () => {
    let store: Store;
    useContractStore(factory, (opened) => (store = opened));

    const configsOf = async (storeId: string) => (await store.admin.listChannelConfigs(storeId)).sort((a, b) => (a.channel < b.channel ? -1 : 1));
    const loadConsents = (storeId: string, addresses: readonly string[]) => store.transact((tx) => tx.loadConsents(storeId, addresses));
    const keysOf = (records: readonly ConsentRecord[]) => records.map((c) => `${c.channel}:${c.address}:${c.purpose}`).sort();

    test('channel configs are kept per store and channel, saving one again replaces it, and another store sees none', async () => {
      assert.deepEqual(await store.admin.listChannelConfigs('acme'), [], 'a store starts with no channel configured');
      const email = channelConfig({ channel: 'email', providers: [provider('smtp', { host: 'smtp.example.com', port: 587, password: 'hunter2' })] });
      const sms = channelConfig({
        channel: 'sms',
        providers: [provider('twilio', { accountSid: 'AC123', authToken: 'tok' }, { perSecond: 0.5, burst: 3 }), provider('http-sms', { url: 'https://sms.example/send' }, { perSecond: 10, burst: 10 }, 'backup-sms')],
      });
      const foreign = channelConfig({ storeId: 'globex', channel: 'email', providers: [provider('outbox', {})] });
      await store.admin.saveChannelConfig(email);
      await store.admin.saveChannelConfig(sms);
      await store.admin.saveChannelConfig(foreign);
      assert.deepEqual(await configsOf('acme'), [email, sms], 'every field round-trips, providers in order');

      const replaced = channelConfig({ channel: 'email', providers: [provider('outbox', {}), provider('smtp', { host: 'mx.example.org' })], updatedAt: '2026-11-21T08:00:00.000Z' });
      await store.admin.saveChannelConfig(replaced);
      assert.deepEqual(await configsOf('acme'), [replaced, sms], 'saving a channel again replaces it and only it');
      assert.deepEqual(await configsOf('globex'), [foreign], 'another store keeps its own and sees none of these');
    });

    test('a consent is created or replaced by store, channel, address and purpose, and the transaction reads its own writes', async () => {
      const transactional = consent({ address: 'jane@example.com' });
      const marketing = consent({ address: 'jane@example.com', purpose: 'marketing' });
      const sms = consent({ channel: 'sms', address: '+4915112345678' });
      const loaded = await store.transact(async (tx) => {
        await tx.saveConsents([transactional, marketing, sms]);
        return tx.loadConsents('acme', ['jane@example.com', '+4915112345678']);
      });
      assert.deepEqual(keysOf(loaded), ['email:jane@example.com:marketing', 'email:jane@example.com:transactional', 'sms:+4915112345678:transactional']);

      const revoked = applyConsentChange(transactional, transactional, change({ status: 'revoked', source: 'link', at: '2026-11-21T10:00:00.000Z', proof: 'ntf_1' }));
      await store.transact((tx) => tx.saveConsents([revoked]));
      const afterRevoke = await loadConsents('acme', ['jane@example.com']);
      assert.deepEqual(keysOf(afterRevoke), ['email:jane@example.com:marketing', 'email:jane@example.com:transactional'], 'saving the same key again writes no second record');
      assert.deepEqual(afterRevoke.find((c) => c.purpose === 'transactional'), revoked);
      assert.deepEqual(afterRevoke.find((c) => c.purpose === 'marketing'), marketing, 'the other purpose is untouched');

      const first = consent({ channel: 'sms', address: '+4915112345678', status: 'revoked', source: 'keyword', at: '2026-11-22T10:00:00.000Z' });
      const last = consent({ channel: 'sms', address: '+4915112345678', status: 'granted', source: 'keyword', at: '2026-11-22T11:00:00.000Z' });
      await store.transact((tx) => tx.saveConsents([first, last]));
      assert.deepEqual(await loadConsents('acme', ['+4915112345678']), [last], 'of two records with one key in a call, the last wins');
      assert.equal((await store.reads.listConsents('acme', { limit: 10 })).length, 3);
    });

    test('consents are found by address or by contact, each record once', async () => {
      const jane = consent({ address: 'jane@example.com', at: '2026-11-20T10:00:00.000Z' });
      const janeChat = consent({ channel: 'telegram', address: CHAT_ID, contact: 'jane@example.com', at: '2026-11-20T11:00:00.000Z' });
      const janePhone = consent({ channel: 'whatsapp', address: '+4915112345678', at: '2026-11-20T12:00:00.000Z' });
      const phoneChat = consent({ channel: 'telegram', address: '555000111222333444', contact: '+4915112345678', at: '2026-11-20T13:00:00.000Z' });
      const john = consent({ address: 'john@example.com', at: '2026-11-20T14:00:00.000Z' });
      await store.transact((tx) => tx.saveConsents([jane, janeChat, janePhone, phoneChat, john]));

      assert.deepEqual(keysOf(await loadConsents('acme', ['jane@example.com'])), [`email:jane@example.com:transactional`, `telegram:${CHAT_ID}:transactional`], 'by address and by contact');
      assert.deepEqual(keysOf(await loadConsents('acme', ['+4915112345678'])), ['telegram:555000111222333444:transactional', 'whatsapp:+4915112345678:transactional']);
      assert.deepEqual(keysOf(await loadConsents('acme', ['jane@example.com', CHAT_ID])), [`email:jane@example.com:transactional`, `telegram:${CHAT_ID}:transactional`], 'a record matching by address and contact comes once');
      assert.deepEqual(await loadConsents('acme', ['nobody@example.com']), []);
      assert.deepEqual(await loadConsents('acme', []), [], 'no addresses, no records');

      const listed = (addresses: string[]) => store.reads.listConsents('acme', { addresses, limit: 10 });
      assert.deepEqual(await listed(['jane@example.com', '+4915112345678']), [phoneChat, janePhone, janeChat, jane], 'newest first');
      assert.deepEqual(await listed([CHAT_ID]), [janeChat]);
      assert.deepEqual(await store.reads.listConsents('acme', { addresses: ['jane@example.com', '+4915112345678'], limit: 2 }), [phoneChat, janePhone], 'the limit keeps the newest');
      assert.deepEqual(await listed([]), []);
      assert.deepEqual((await store.reads.listConsents('acme', { limit: 10 })).map((c) => c.address), ['john@example.com', '555000111222333444', '+4915112345678', CHAT_ID, 'jane@example.com'], 'without addresses: every record');
    });

    test('another store reads none of a store\'s consents, and the same address there is its own record', async () => {
      const ours = consent({ address: 'jane@example.com', contact: null });
      const theirs = consent({ storeId: 'globex', address: 'jane@example.com', status: 'revoked', source: 'api', at: '2026-11-21T10:00:00.000Z' });
      const theirChat = consent({ storeId: 'globex', channel: 'telegram', address: CHAT_ID, contact: 'jane@example.com' });
      await store.transact((tx) => tx.saveConsents([ours, theirs, theirChat]));
      assert.deepEqual(await loadConsents('acme', ['jane@example.com', CHAT_ID]), [ours]);
      assert.deepEqual(await store.reads.listConsents('acme', { limit: 10 }), [ours]);
      assert.deepEqual(await store.reads.listConsents('acme', { addresses: [CHAT_ID], limit: 10 }), []);
      assert.deepEqual(keysOf(await loadConsents('globex', ['jane@example.com'])), [`email:jane@example.com:transactional`, `telegram:${CHAT_ID}:transactional`]);
      assert.deepEqual(await store.reads.listConsents('globex', { addresses: ['jane@example.com'], limit: 1 }), [theirs]);
    });

    test('consents list newest change first, up to the limit, and a newer change moves a record to the front', async () => {
      const at = (address: string, iso: string) => consent({ address, at: iso });
      await store.transact((tx) =>
        tx.saveConsents([at('b@example.com', '2026-11-22T00:00:00.000Z'), at('a@example.com', '2026-11-20T00:00:00.000Z'), at('d@example.com', '2026-11-23T00:00:00.000Z'), at('c@example.com', '2026-11-21T00:00:00.000Z')]),
      );
      const addresses = async (filter: { addresses?: string[]; limit: number }) => (await store.reads.listConsents('acme', filter)).map((c) => c.address);
      assert.deepEqual(await addresses({ limit: 10 }), ['d@example.com', 'b@example.com', 'c@example.com', 'a@example.com']);
      assert.deepEqual(await addresses({ limit: 2 }), ['d@example.com', 'b@example.com']);
      assert.deepEqual(await addresses({ addresses: ['a@example.com', 'c@example.com', 'b@example.com'], limit: 2 }), ['b@example.com', 'c@example.com']);
      const [stored] = await loadConsents('acme', ['a@example.com']);
      await store.transact((tx) => tx.saveConsents([applyConsentChange(stored!, stored!, change({ status: 'revoked', source: 'api', at: '2026-11-24T00:00:00.000Z' }))]));
      assert.deepEqual(await addresses({ limit: 2 }), ['a@example.com', 'd@example.com']);
    });

    test('a consent\'s whole history round-trips: every change oldest first, with its source and proof', async () => {
      const key = { storeId: 'acme', channel: 'sms', address: '+4915112345678', purpose: 'marketing' as const, contact: 'jane@example.com' };
      let record = applyConsentChange(null, key, change({ status: 'granted', source: 'storefront', at: '2026-11-20T10:00:00.000Z', proof: 'order 1001 checkbox' }));
      record = applyConsentChange(record, key, change({ status: 'revoked', source: 'keyword', at: '2026-11-22T10:00:00.000Z', proof: 'STOP (SM5f9a0c2e8d1b4c3a)' }));
      record = applyConsentChange(record, key, change({ status: 'granted', source: 'import', at: '2026-11-21T10:00:00.000Z', proof: 'import "crm-2026-11.csv" line 17' }));
      assert.equal(record.history.length, 3);
      assert.equal(record.status, 'revoked', 'the late import is older than the STOP');
      await store.transact((tx) => tx.saveConsents([record]));
      assert.deepEqual(await loadConsents('acme', ['+4915112345678']), [record]);
      assert.deepEqual(await store.reads.listConsents('acme', { addresses: ['jane@example.com'], limit: 10 }), [record]);

      const again = applyConsentChange(record, key, change({ status: 'granted', source: 'keyword', at: '2026-11-23T10:00:00.000Z', proof: 'START (SM00ff)' }));
      await store.transact((tx) => tx.saveConsents([again]));
      const [stored] = await store.reads.listConsents('acme', { limit: 10 });
      assert.deepEqual(stored, again);
      assert.deepEqual(stored?.history.map((h) => `${h.status}:${h.source}`), ['granted:storefront', 'granted:import', 'revoked:keyword', 'granted:keyword']);
    });

    test('a transaction that throws keeps none of its consents', async () => {
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.saveConsents([consent({ address: 'jane@example.com' })]);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.deepEqual(await store.reads.listConsents('acme', { limit: 10 }), []);
    });

    test('an install secret is stored once: a later call with another candidate gets the first', async () => {
      assert.equal(await store.admin.installSecret('link-signing', 'first-candidate', '2026-11-20T10:00:00.000Z'), 'first-candidate');
      assert.equal(await store.admin.installSecret('link-signing', 'second-candidate', '2026-11-21T10:00:00.000Z'), 'first-candidate');
      assert.equal(await store.admin.installSecret('receipt-signing', 'other-candidate', '2026-11-21T10:00:00.000Z'), 'other-candidate', 'each name has its own');
      assert.equal(await store.admin.installSecret('link-signing', 'third-candidate', '2026-11-22T10:00:00.000Z'), 'first-candidate');
    });

    test('concurrent first calls for one install secret all get the same stored value', async () => {
      const candidates = Array.from({ length: 8 }, (_, i) => `candidate-${i}`);
      const got = await Promise.all(candidates.map((c) => store.admin.installSecret('link-signing', c, '2026-11-20T10:00:00.000Z')));
      assert.equal(new Set(got).size, 1, `every caller agrees, got ${got.join(', ')}`);
      assert.ok(candidates.includes(got[0]!));
      assert.equal(await store.admin.installSecret('link-signing', 'late', '2026-11-21T10:00:00.000Z'), got[0]);
    });

    test('a notification is found by its provider\'s message id once an update sets it, in a transaction and in reads', async () => {
      await store.transact((tx) =>
        tx.insertNotifications([
          notification({ id: 'ntf_1' }),
          notification({ id: 'ntf_2', channel: 'sms', recipient: '+4915112345678' }),
          notification({ id: 'ntf_9', storeId: 'globex', status: 'sent', provider: 'twilio', providerMessageId: 'SMglobex' }),
        ]),
      );
      assert.equal(await store.reads.findNotificationByProviderId('acme', 'SM1'), null, 'nothing is found before a provider accepted it');
      const sent = notification({
        id: 'ntf_2',
        channel: 'sms',
        recipient: '+4915112345678',
        status: 'sent',
        sentAt: '2026-11-20T10:00:05.000Z',
        updatedAt: '2026-11-20T10:00:05.000Z',
        provider: 'twilio',
        providerMessageId: 'SM1',
        attempts: [{ at: '2026-11-20T10:00:04.000Z', provider: 'twilio', outcome: 'sent', reason: null }],
      });
      const inTx = await store.transact(async (tx) => {
        await tx.updateNotifications([sent]);
        return tx.findNotificationByProviderId('acme', 'SM1');
      });
      assert.deepEqual(inTx, sent, 'the transaction finds its own update');
      assert.deepEqual(await store.reads.findNotificationByProviderId('acme', 'SM1'), sent);
      assert.equal(await store.reads.findNotificationByProviderId('acme', 'SMunknown'), null);
      assert.equal(await store.reads.findNotificationByProviderId('globex', 'SM1'), null, 'another store cannot find it');
      assert.equal(await store.transact((tx) => tx.findNotificationByProviderId('globex', 'SM1')), null);
      assert.equal(await store.reads.findNotificationByProviderId('acme', 'SMglobex'), null, 'nor can this store find another\'s');
      assert.equal((await store.reads.findNotificationByProviderId('globex', 'SMglobex'))?.id, 'ntf_9');

      const failedOver = { ...sent, provider: 'backup-sms', providerMessageId: 'hs-77', updatedAt: '2026-11-20T10:01:00.000Z' };
      await store.transact((tx) => tx.updateNotifications([failedOver]));
      assert.equal(await store.reads.findNotificationByProviderId('acme', 'SM1'), null, 'a replaced provider id no longer finds it');
      assert.deepEqual(await store.transact((tx) => tx.findNotificationByProviderId('acme', 'hs-77')), failedOver);
    });

    test('rate buckets hand out what the token bucket computes: slots past the burst, a guard that never borrows, a pause that owes its time', async () => {
      const T0 = Date.parse('2026-11-20T10:00:00.000Z');
      const slots = { perSecond: 2, burst: 3 };
      const guard = { perSecond: 2, burst: 1 };
      // The pure functions, step by step, are what every store must answer.
      let slotState: BucketState | null = null;
      let guardState: BucketState | null = null;
      const expectTake = (nowMs: number) => {
        const r = takeToken(slotState, slots, nowMs);
        slotState = r.state;
        return r;
      };
      const expectTry = (nowMs: number) => {
        const r = tryTakeToken(guardState, guard, nowMs);
        guardState = r.state;
        return r;
      };
      const takes = [T0, T0, T0, T0, T0 + 100, T0 + 2_600, T0 + 9_000];
      for (const at of takes) assert.deepEqual(await store.rateBuckets.take('acme\u001fsms\u001ftwilio', slots, at), expectTake(at), `take at +${at - T0} ms`);
      for (const at of [T0, T0, T0 + 200, T0 + 500, T0 + 501]) assert.deepEqual(await store.rateBuckets.tryTake('acme\u001fsms\u001ftwilio\u001fguard', guard, at), expectTry(at), `try at +${at - T0} ms`);
      const untilMs = T0 + 12_000;
      const paused = pauseBucket(slotState, slots, T0 + 10_000, untilMs);
      slotState = paused;
      assert.deepEqual(await store.rateBuckets.pause('acme\u001fsms\u001ftwilio', slots, T0 + 10_000, untilMs), paused);
      assert.deepEqual(await store.rateBuckets.take('acme\u001fsms\u001ftwilio', slots, T0 + 10_000), expectTake(T0 + 10_000), 'after a pause the next slot is past it');
      assert.ok(slotState!.tokens < 0 && (await store.rateBuckets.take('acme\u001fsms\u001fother', slots, T0)).atMs === T0, 'another key has a bucket of its own');
      assert.deepEqual(await store.rateBuckets.pause('acme\u001femail\u001fsmtp', slots, T0, T0 + 1_000), pauseBucket(null, slots, T0, T0 + 1_000), 'a pause of a bucket never used');
    });

    test('ids past 2^53 come back as the same strings in channel configs, consents and provider message ids', async () => {
      const telegram = channelConfig({ channel: 'telegram', providers: [provider('telegram', { botToken: '123:abc', alertChatId: TWO_53_PLUS_1 })] });
      await store.admin.saveChannelConfig(telegram);
      const [storedConfig] = await store.admin.listChannelConfigs('acme');
      assert.equal(storedConfig?.providers[0]?.settings['alertChatId'], TWO_53_PLUS_1);

      const low = consent({ channel: 'telegram', address: TWO_53, contact: CHAT_ID });
      const high = consent({ channel: 'telegram', address: TWO_53_PLUS_1, status: 'revoked', source: 'provider' });
      await store.transact((tx) => tx.saveConsents([low, high]));
      assert.deepEqual(await loadConsents('acme', [TWO_53_PLUS_1]), [high]);
      assert.deepEqual(await loadConsents('acme', [TWO_53]), [low]);
      assert.deepEqual(await store.reads.listConsents('acme', { addresses: [CHAT_ID], limit: 10 }), [low]);

      await store.transact((tx) =>
        tx.insertNotifications([
          notification({ id: 'ntf_low', orderRef: TWO_53, providerMessageId: TWO_53, status: 'sent' }),
          notification({ id: 'ntf_high', orderRef: TWO_53_PLUS_1, providerMessageId: TWO_53_PLUS_1, status: 'sent' }),
        ]),
      );
      const high1 = await store.reads.findNotificationByProviderId('acme', TWO_53_PLUS_1);
      assert.deepEqual([high1?.id, high1?.orderRef, high1?.providerMessageId], ['ntf_high', TWO_53_PLUS_1, TWO_53_PLUS_1]);
      assert.equal((await store.transact((tx) => tx.findNotificationByProviderId('acme', TWO_53)))?.id, 'ntf_low');
    });
  });
}

function channelConfig(overrides: Partial<ChannelConfigRecord> & Pick<ChannelConfigRecord, 'channel'>): ChannelConfigRecord {
  return { storeId: 'acme', providers: [], updatedAt: '2026-11-20T08:00:00.000Z', ...overrides };
}

function provider(adapter: string, settings: Record<string, unknown>, rateLimit = { perSecond: 5, burst: 10 }, name = adapter): ChannelProviderConfig {
  return { name, provider: adapter, settings, rateLimit };
}

function change(overrides: Partial<ConsentChange> = {}): ConsentChange {
  return { status: 'granted', source: 'storefront', at: '2026-11-20T10:00:00.000Z', proof: null, ...overrides };
}

/** A consent record with one change in its history, made the way the app makes them. */
function consent(
  options: { storeId?: string; channel?: string; address: string; contact?: string | null; purpose?: ConsentPurpose } & Partial<ConsentChange>,
): ConsentRecord {
  const { storeId = 'acme', channel = 'email', address, contact = null, purpose = 'transactional', ...rest } = options;
  return applyConsentChange(null, { storeId, channel, address, contact, purpose }, change(rest));
}

