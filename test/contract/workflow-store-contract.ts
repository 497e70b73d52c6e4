// The Store contract for workflows, notifications, the run log, cases and store settings: every
// adapter (SQLite, PostgreSQL) runs this same suite unchanged, next to store-contract.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CaseEvidence, CaseRecord } from '../../src/core/cases/case-record.ts';
import type { NotificationRecord } from '../../src/core/notifications/notification-record.ts';
import type { OrderRecord } from '../../src/core/order/order-record.ts';
import type { Store } from '../../src/core/ports/store.ts';
import type { WorkflowActivityRecord } from '../../src/core/workflows/workflow-activity.ts';
import type { NewWorkflowVersion } from '../../src/core/workflows/workflow-record.ts';
import { canonicalEvent, row, shipmentPart } from '../support/events.ts';
import { useContractStore, type StoreFactory } from './store-contract.ts';

const TN = '1Z999AA10123456784';

export function runWorkflowStoreContract(name: string, factory: StoreFactory, skip: string | false = false): void {
  describe(`Workflow store contract: ${name}`, { skip }, () => {
    let store: Store;
    useContractStore(factory, (opened) => (store = opened));

    test('workflow versions count up per workflow and store, and every field round-trips', async () => {
      const first = await store.admin.saveWorkflowVersion(workflowInput());
      assert.equal(first.created, true);
      assert.deepEqual(first.version, { ...workflowInput(), version: 1 });
      const second = await store.admin.saveWorkflowVersion(workflowInput({ document: shippingDocument({ channel: 'sms' }), createdAt: '2026-11-21T09:00:00.000Z' }));
      assert.deepEqual([second.created, second.version.version], [true, 2]);
      assert.deepEqual((await store.admin.listWorkflowVersions('acme', 'shipping-updates')).map((v) => v.version), [2, 1]);
      assert.equal((await store.admin.getWorkflowVersion('acme', 'shipping-updates', null))?.version, 2, 'null means the current version');
      assert.deepEqual((await store.admin.getWorkflowVersion('acme', 'shipping-updates', 1))?.document, shippingDocument());
      assert.equal(await store.admin.getWorkflowVersion('acme', 'shipping-updates', 3), null);
      assert.deepEqual(await store.admin.getWorkflow('acme', 'shipping-updates'), {
        storeId: 'acme',
        workflowId: 'shipping-updates',
        currentVersion: 2,
        enabled: true,
        updatedAt: '2026-11-21T09:00:00.000Z',
      });
      const other = await store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'review-request', document: reviewDocument() }));
      assert.equal(other.version.version, 1, 'each workflow has its own numbering');
      const foreign = await store.admin.saveWorkflowVersion(workflowInput({ storeId: 'globex' }));
      assert.deepEqual([foreign.created, foreign.version.version], [true, 1], 'each store has its own numbering');
      assert.deepEqual((await store.admin.listWorkflows('acme')).map((w) => [w.workflowId, w.currentVersion]), [['review-request', 1], ['shipping-updates', 2]]);
    });

    test('saving a document equal to the current version writes nothing, whatever its key order or source text', async () => {
      await store.admin.saveWorkflowVersion(workflowInput());
      const reordered = JSON.parse(JSON.stringify(shippingDocument(), Object.keys(shippingDocument()).reverse())) as Record<string, unknown>;
      const again = await store.admin.saveWorkflowVersion(
        workflowInput({ document: { ...reordered, ...shippingDocument() }, sourceText: '# reformatted\n' + SHIPPING_YAML, createdAt: '2026-11-22T00:00:00.000Z', createdBy: 'key_2' }),
      );
      assert.equal(again.created, false);
      assert.deepEqual(again.version, { ...workflowInput(), version: 1 }, 'the current version comes back unchanged');
      assert.equal((await store.admin.listWorkflowVersions('acme', 'shipping-updates')).length, 1);
      assert.equal((await store.admin.getWorkflow('acme', 'shipping-updates'))?.updatedAt, '2026-11-20T09:00:00.000Z');
      await store.admin.saveWorkflowVersion(workflowInput({ document: shippingDocument({ channel: 'sms' }) }));
      const back = await store.admin.saveWorkflowVersion(workflowInput());
      assert.deepEqual([back.created, back.version.version], [true, 3], 'only the current version counts: going back to v1 makes v3');
    });

    test('a new workflow starts enabled unless told otherwise, and a save keeps the flag unless told', async () => {
      await store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'default-on' }));
      assert.equal((await store.admin.getWorkflow('acme', 'default-on'))?.enabled, true);
      await store.admin.saveWorkflowVersion(workflowInput(), false);
      assert.equal((await store.admin.getWorkflow('acme', 'shipping-updates'))?.enabled, false);
      await store.admin.saveWorkflowVersion(workflowInput({ document: shippingDocument({ channel: 'sms' }) }));
      assert.equal((await store.admin.getWorkflow('acme', 'shipping-updates'))?.enabled, false, 'a save without the flag keeps it');
      await store.admin.saveWorkflowVersion(workflowInput({ document: shippingDocument({ channel: 'whatsapp' }) }), true);
      assert.equal((await store.admin.getWorkflow('acme', 'shipping-updates'))?.enabled, true, 'a save with the flag sets it');

      assert.equal(await store.admin.setWorkflowEnabled('acme', 'shipping-updates', false, '2026-11-23T00:00:00.000Z'), true);
      const disabled = await store.admin.getWorkflow('acme', 'shipping-updates');
      assert.deepEqual([disabled?.enabled, disabled?.updatedAt, disabled?.currentVersion], [false, '2026-11-23T00:00:00.000Z', 3]);
      assert.equal(await store.admin.setWorkflowEnabled('acme', 'missing', true, '2026-11-23T00:00:00.000Z'), false);
      assert.equal(await store.admin.setWorkflowEnabled('globex', 'shipping-updates', true, '2026-11-23T00:00:00.000Z'), false, 'another store cannot enable it');
      assert.equal((await store.admin.getWorkflow('acme', 'shipping-updates'))?.enabled, false);
    });

    test('the enabled versions are the current versions of enabled workflows, by workflow id', async () => {
      await store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'shipping-updates' }));
      await store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'shipping-updates', document: shippingDocument({ channel: 'sms' }) }));
      await store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'review-request', document: reviewDocument() }), false);
      await store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'delay-apology', document: { ...reviewDocument(), id: 'delay-apology' } }));
      await store.admin.saveWorkflowVersion(workflowInput({ storeId: 'globex', workflowId: 'globex-only' }));
      const running = await store.admin.listEnabledWorkflowVersions('acme');
      assert.deepEqual(running.map((v) => [v.workflowId, v.version]), [['delay-apology', 1], ['shipping-updates', 2]]);
      assert.deepEqual(running[1]?.document, shippingDocument({ channel: 'sms' }));
      await store.admin.setWorkflowEnabled('acme', 'review-request', true, '2026-11-23T00:00:00.000Z');
      await store.admin.setWorkflowEnabled('acme', 'delay-apology', false, '2026-11-23T00:00:00.000Z');
      assert.deepEqual((await store.admin.listEnabledWorkflowVersions('acme')).map((v) => v.workflowId), ['review-request', 'shipping-updates']);
      assert.deepEqual((await store.admin.listEnabledWorkflowVersions('globex')).map((v) => v.workflowId), ['globex-only']);
    });

    test('concurrent saves of one workflow get consecutive versions, and equal concurrent saves create one', async () => {
      const channels = ['email', 'sms', 'whatsapp', 'push', 'telegram'];
      const saved = await Promise.all(channels.map((channel) => store.admin.saveWorkflowVersion(workflowInput({ document: shippingDocument({ channel }) }))));
      assert.ok(saved.every((s) => s.created));
      assert.deepEqual(saved.map((s) => s.version.version).sort(), [1, 2, 3, 4, 5]);
      assert.equal((await store.admin.getWorkflow('acme', 'shipping-updates'))?.currentVersion, 5);

      const same = await Promise.all(Array.from({ length: 5 }, () => store.admin.saveWorkflowVersion(workflowInput({ workflowId: 'review-request', document: reviewDocument() }))));
      assert.equal(same.filter((s) => s.created).length, 1);
      assert.ok(same.every((s) => s.version.version === 1));
    });

    test('another store can read none of a store\'s workflows, notifications, run log or cases', async () => {
      await store.admin.saveWorkflowVersion(workflowInput());
      await store.transact(async (tx) => {
        await tx.insertNotifications([notification({ id: 'ntf_1' })]);
        await tx.appendActivity([activity({ step: 'trigger', outcome: 'started' })]);
        await tx.openCase(caseRecord({ id: 'case_1' }));
      });
      assert.equal(await store.admin.getWorkflow('globex', 'shipping-updates'), null);
      assert.equal(await store.admin.getWorkflowVersion('globex', 'shipping-updates', null), null);
      assert.equal(await store.admin.getWorkflowVersion('globex', 'shipping-updates', 1), null);
      assert.deepEqual(await store.admin.listWorkflows('globex'), []);
      assert.deepEqual(await store.admin.listWorkflowVersions('globex', 'shipping-updates'), []);
      assert.equal(await store.reads.getNotification('globex', 'ntf_1'), null);
      assert.deepEqual(await store.reads.listOrderNotifications('globex', '1001'), []);
      assert.deepEqual(await store.reads.listNotifications('globex', { limit: 10 }), []);
      assert.deepEqual(await store.reads.listOrderActivity('globex', '1001', 10), []);
      assert.equal(await store.reads.getCase('globex', 'case_1'), null);
      assert.deepEqual(await store.reads.listCases('globex', { limit: 10 }), []);
      assert.deepEqual(await store.reads.listOrderCases('globex', '1001'), []);
      const inTx = await store.transact(async (tx) => ({
        notification: await tx.loadNotification('globex', 'ntf_1'),
        ofOrder: await tx.loadNotificationsOfOrders('globex', ['1001']),
        cases: await tx.loadOpenCasesOfOrders('globex', ['1001']),
      }));
      assert.deepEqual(inTx, { notification: null, ofOrder: new Map([['1001', []]]), cases: new Map([['1001', []]]) });
      // Writes naming another store touch nothing of this one.
      await store.transact((tx) => tx.updateNotifications([notification({ id: 'ntf_1', storeId: 'globex', status: 'sent' })]));
      assert.equal((await store.reads.getNotification('acme', 'ntf_1'))?.status, 'queued');
      await store.transact((tx) => tx.addCaseEvidence('globex', 'case_1', [evidence('evt_9')], '2026-11-21T00:00:00.000Z'));
      assert.equal((await store.reads.getCase('acme', 'case_1'))?.evidence.length, 1);
    });

    test('a notification is created once per order, milestone key and channel, within a call and across calls', async () => {
      const first = await store.transact((tx) =>
        tx.insertNotifications([
          notification({ id: 'ntf_1' }),
          notification({ id: 'ntf_2', subject: 'a second "shipped" email' }),
          notification({ id: 'ntf_3', channel: 'sms', recipient: '+4915112345678' }),
          notification({ id: 'ntf_4', milestone: 'delivered', milestoneKey: `delivered:${TN}`, createdAt: '2026-11-20T10:00:01.000Z' }),
        ]),
      );
      assert.deepEqual(first, [true, false, true, true], 'the first of two equal keys in one call wins');
      assert.equal(await store.reads.getNotification('acme', 'ntf_2'), null);
      const again = await store.transact((tx) =>
        tx.insertNotifications([notification({ id: 'ntf_5' }), notification({ id: 'ntf_6', storeId: 'globex' }), notification({ id: 'ntf_7', orderRef: '1002' })]),
      );
      assert.deepEqual(again, [false, true, true], 'an existing key is never created again; other stores and orders have their own');
      assert.deepEqual(await store.reads.getNotification('acme', 'ntf_1'), notification({ id: 'ntf_1' }));
      assert.deepEqual((await store.reads.listOrderNotifications('acme', '1001')).map((n) => n.id), ['ntf_1', 'ntf_3', 'ntf_4']);
      const loaded = await store.transact((tx) => tx.loadNotificationsOfOrders('acme', ['1001', '1002', '1003']));
      assert.deepEqual([...loaded].map(([ref, list]) => [ref, list.map((n) => n.id)]), [['1001', ['ntf_1', 'ntf_3', 'ntf_4']], ['1002', ['ntf_7']], ['1003', []]], 'by order ref as asked, an order without any included');
      assert.deepEqual((await store.transact((tx) => tx.loadNotificationsOfOrders('acme', []))).size, 0);
    });

    test('notifications of an order come back oldest created first', async () => {
      await store.transact((tx) =>
        tx.insertNotifications([
          notification({ id: 'ntf_b', milestone: 'delivered', milestoneKey: `delivered:${TN}`, createdAt: '2026-11-22T15:00:00.000Z' }),
          notification({ id: 'ntf_a', createdAt: '2026-11-20T10:00:00.000Z' }),
          notification({ id: 'ntf_c', milestone: 'out_for_delivery', milestoneKey: `out_for_delivery:${TN}`, createdAt: '2026-11-22T07:30:00.000Z' }),
        ]),
      );
      assert.deepEqual((await store.reads.listOrderNotifications('acme', '1001')).map((n) => n.id), ['ntf_a', 'ntf_c', 'ntf_b']);
    });

    test('updating a notification replaces its record, and its status and channel filter the outbox', async () => {
      await store.transact((tx) =>
        tx.insertNotifications([
          notification({ id: 'ntf_1', createdAt: '2026-11-20T10:00:00.000Z' }),
          notification({ id: 'ntf_2', channel: 'sms', recipient: '+4915112345678', createdAt: '2026-11-20T11:00:00.000Z' }),
          notification({ id: 'ntf_3', orderRef: '1002', createdAt: '2026-11-20T12:00:00.000Z' }),
        ]),
      );
      const sent = notification({
        id: 'ntf_1',
        status: 'sent',
        subject: 'Deine Bestellung 1001 ist unterwegs',
        body: 'Hallo Jane, dein Paket ist unterwegs: https://track.example/1Z999AA10123456784',
        html: '<p>Hallo Jane, dein Paket ist <b>unterwegs</b>.</p>',
        sentAt: '2026-11-20T10:00:05.000Z',
        updatedAt: '2026-11-20T10:00:05.000Z',
        history: [
          { at: '2026-11-20T10:00:00.000Z', status: 'queued', reason: null },
          { at: '2026-11-20T10:00:05.000Z', status: 'sent', reason: null },
        ],
      });
      const suppressed = notification({ id: 'ntf_2', channel: 'sms', recipient: '+4915112345678', status: 'suppressed', statusReason: 'no SMS consent', createdAt: '2026-11-20T11:00:00.000Z' });
      const loaded = await store.transact(async (tx) => {
        await tx.updateNotifications([sent, suppressed]);
        return tx.loadNotification('acme', 'ntf_1');
      });
      assert.deepEqual(loaded, sent, 'the transaction reads its own update');
      assert.deepEqual(await store.reads.getNotification('acme', 'ntf_1'), sent);
      assert.deepEqual(await store.reads.getNotification('acme', 'ntf_2'), suppressed);

      const ids = async (filter: { channels?: string[]; statuses?: string[]; limit: number }) => (await store.reads.listNotifications('acme', filter)).map((n) => n.id);
      assert.deepEqual(await ids({ limit: 10 }), ['ntf_3', 'ntf_2', 'ntf_1'], 'newest first');
      assert.deepEqual(await ids({ limit: 2 }), ['ntf_3', 'ntf_2']);
      assert.deepEqual(await ids({ channels: ['email'], limit: 10 }), ['ntf_3', 'ntf_1']);
      assert.deepEqual(await ids({ statuses: ['queued', 'sent'], limit: 10 }), ['ntf_3', 'ntf_1']);
      assert.deepEqual(await ids({ channels: ['sms', 'email'], statuses: ['suppressed'], limit: 10 }), ['ntf_2']);
      assert.deepEqual(await ids({ channels: ['whatsapp'], limit: 10 }), []);
    });

    test('the frequency cap counts messages sent (or later) to one recipient since a time', async () => {
      const to = (id: string, status: NotificationRecord['status'], sentAt: string | null, extra: Partial<NotificationRecord> = {}) =>
        notification({ id, status, sentAt, milestone: id, milestoneKey: `${id}:${TN}`, ...extra });
      await store.transact((tx) =>
        tx.insertNotifications([
          to('sent', 'sent', '2026-11-20T11:00:00.000Z'),
          to('delivered', 'delivered', '2026-11-20T09:00:00.000Z'),
          to('opened', 'opened', '2026-11-19T12:00:00.000Z'),
          to('clicked', 'clicked', '2026-11-19T13:00:00.000Z'),
          to('bounced', 'bounced', '2026-11-20T08:00:00.000Z'),
          to('too_old', 'delivered', '2026-11-19T11:59:59.999Z'),
          to('queued', 'queued', null),
          to('failed', 'failed', '2026-11-20T10:00:00.000Z'),
          to('suppressed', 'suppressed', null),
          to('someone_else', 'sent', '2026-11-20T11:00:00.000Z', { recipient: 'john@example.com' }),
          to('foreign', 'sent', '2026-11-20T11:00:00.000Z', { storeId: 'globex' }),
        ]),
      );
      const count = () => store.transact((tx) => tx.countSentToRecipient('acme', 'jane@example.com', '2026-11-19T12:00:00.000Z'));
      assert.equal(await count(), 5, 'sent, delivered, opened (at the window start), clicked and bounced');
      await store.transact((tx) => tx.updateNotifications([to('queued', 'sent', '2026-11-20T12:00:00.000Z')]));
      assert.equal(await count(), 6, 'a queued message counts once it is sent');
      assert.equal(await store.transact((tx) => tx.countSentToRecipient('acme', 'jane@example.com', '2026-11-20T12:00:00.001Z')), 0);
    });

    test('the run log lists an order\'s entries oldest first, up to the limit', async () => {
      await store.transact((tx) =>
        tx.appendActivity([
          activity({ at: '2026-11-20T10:00:00.000Z', step: 'trigger', outcome: 'started' }),
          activity({ at: '2026-11-20T10:00:00.000Z', step: 'conditions', outcome: 'matched' }),
          activity({ at: '2026-11-20T10:00:00.000Z', step: 'notify#1', outcome: 'waiting', reason: 'quiet hours until 08:00 Europe/Berlin', detail: { until: '2026-11-21T07:00:00.000Z' } }),
          activity({ orderRef: '1002', step: 'trigger', outcome: 'started' }),
        ]),
      );
      await store.transact((tx) => tx.appendActivity([activity({ at: '2026-11-21T07:00:00.000Z', step: 'notify#1', outcome: 'done' })]));
      await store.transact((tx) => tx.appendActivity([activity({ at: '2026-11-20T09:59:00.000Z', runKey: 'run:review-request:1001:evt_0', step: 'trigger', outcome: 'skipped', reason: 'order cancelled' })]));
      const log = await store.reads.listOrderActivity('acme', '1001', 10);
      assert.deepEqual(log.map((a) => `${a.at} ${a.step} ${a.outcome}`), [
        '2026-11-20T09:59:00.000Z trigger skipped',
        '2026-11-20T10:00:00.000Z trigger started',
        '2026-11-20T10:00:00.000Z conditions matched',
        '2026-11-20T10:00:00.000Z notify#1 waiting',
        '2026-11-21T07:00:00.000Z notify#1 done',
      ]);
      assert.deepEqual(log[3], activity({ at: '2026-11-20T10:00:00.000Z', step: 'notify#1', outcome: 'waiting', reason: 'quiet hours until 08:00 Europe/Berlin', detail: { until: '2026-11-21T07:00:00.000Z' } }));
      assert.equal((await store.reads.listOrderActivity('acme', '1001', 2)).length, 2);
    });

    test('one open case per order and reason: another signal adds its evidence and can only raise the priority', async () => {
      const first = await store.transact((tx) => tx.openCase(caseRecord({ id: 'case_1' })));
      assert.deepEqual(first, { case: caseRecord({ id: 'case_1' }), opened: true });
      const second = await store.transact((tx) =>
        tx.openCase(caseRecord({ id: 'case_2', priority: 'high', openedAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:00:00.000Z', evidence: [evidence('evt_2')] })),
      );
      assert.equal(second.opened, false);
      assert.equal(second.case.id, 'case_1');
      assert.equal(second.case.openedAt, '2026-11-22T10:00:00.000Z', 'the case keeps when it was opened');
      assert.equal(second.case.priority, 'high', 'a higher priority raises it');
      assert.equal(second.case.updatedAt, '2026-11-23T10:00:00.000Z');
      assert.deepEqual(second.case.evidence.map((e) => e.ref), ['evt_1', 'evt_2']);
      const third = await store.transact((tx) => tx.openCase(caseRecord({ id: 'case_3', priority: 'low', evidence: [evidence('evt_3')] })));
      assert.equal(third.case.priority, 'high', 'a lower priority does not lower it');
      assert.deepEqual(third.case.evidence.map((e) => e.ref), ['evt_1', 'evt_2', 'evt_3']);
      assert.deepEqual(await store.reads.getCase('acme', 'case_1'), third.case, 'the returned case is the stored one');
      assert.equal(await store.reads.getCase('acme', 'case_2'), null);

      const late = await store.transact((tx) => tx.openCase(caseRecord({ id: 'case_4', reason: 'late', summary: 'Past the promised date', openedAt: '2026-11-24T00:00:00.000Z' })));
      const otherOrder = await store.transact((tx) => tx.openCase(caseRecord({ id: 'case_5', orderRef: '1002' })));
      const otherStore = await store.transact((tx) => tx.openCase(caseRecord({ id: 'case_6', storeId: 'globex' })));
      assert.deepEqual([late.opened, otherOrder.opened, otherStore.opened], [true, true, true]);
      const open = await store.transact((tx) => tx.loadOpenCasesOfOrders('acme', ['1001', '1002', '1003']));
      assert.deepEqual([...open].map(([ref, list]) => [ref, list.map((c) => c.id)]), [['1001', ['case_1', 'case_4']], ['1002', ['case_5']], ['1003', []]]);
      assert.deepEqual((await store.reads.listOrderCases('acme', '1001')).map((c) => c.id), ['case_1', 'case_4']);
    });

    test('concurrent signals of the same order and reason open one case holding all their evidence', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.transact((tx) => tx.openCase(caseRecord({ id: `case_${i}`, evidence: [evidence(`evt_${i}`)] })))),
      );
      assert.equal(outcomes.filter((o) => o.opened).length, 1);
      const open = await store.reads.listCases('acme', { status: 'open', limit: 10 });
      assert.equal(open.length, 1);
      assert.deepEqual(open[0]!.evidence.map((e) => e.ref).sort(), ['evt_0', 'evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5']);
    });

    test('evidence is added to a case by id', async () => {
      await store.transact((tx) => tx.openCase(caseRecord({ id: 'case_1' })));
      await store.transact((tx) => tx.addCaseEvidence('acme', 'case_1', [evidence('ntf_1', 'notification'), evidence('run:x', 'workflow')], '2026-11-23T00:00:00.000Z'));
      await store.transact((tx) => tx.addCaseEvidence('acme', 'missing', [evidence('evt_9')], '2026-11-23T00:00:00.000Z'));
      const stored = await store.reads.getCase('acme', 'case_1');
      assert.deepEqual(stored?.evidence.map((e) => `${e.kind}:${e.ref}`), ['event:evt_1', 'notification:ntf_1', 'workflow:run:x']);
      assert.equal(stored?.updatedAt, '2026-11-23T00:00:00.000Z');
      assert.equal(stored?.priority, 'normal');
    });

    test('the case queue lists newest opened first, by status, up to the limit', async () => {
      await store.transact(async (tx) => {
        await tx.openCase(caseRecord({ id: 'case_a', orderRef: '1001', openedAt: '2026-11-20T10:00:00.000Z' }));
        await tx.openCase(caseRecord({ id: 'case_b', orderRef: '1002', openedAt: '2026-11-22T10:00:00.000Z' }));
        await tx.openCase(caseRecord({ id: 'case_c', orderRef: '1003', openedAt: '2026-11-21T10:00:00.000Z' }));
      });
      assert.deepEqual((await store.reads.listCases('acme', { limit: 10 })).map((c) => c.id), ['case_b', 'case_c', 'case_a']);
      assert.deepEqual((await store.reads.listCases('acme', { status: 'open', limit: 2 })).map((c) => c.id), ['case_b', 'case_c']);
      // The port has no way to resolve a case yet, so no resolved case can exist here.
      assert.deepEqual(await store.reads.listCases('acme', { status: 'resolved', limit: 10 }), []);
    });

    test('a transaction that throws keeps none of its notifications, run log or cases', async () => {
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.insertNotifications([notification({ id: 'ntf_1' })]);
          await tx.appendActivity([activity({ step: 'trigger', outcome: 'started' })]);
          await tx.openCase(caseRecord({ id: 'case_1' }));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.reads.getNotification('acme', 'ntf_1'), null);
      assert.deepEqual(await store.reads.listOrderActivity('acme', '1001', 10), []);
      assert.equal(await store.reads.getCase('acme', 'case_1'), null);
      assert.deepEqual(await store.transact((tx) => tx.insertNotifications([notification({ id: 'ntf_2' })])), [true], 'the key is still free');
    });

    test('a customer\'s orders are counted per store, following the order\'s customer', async () => {
      await store.transact((tx) =>
        tx.saveOrders([
          order('1001', '7390571430123456789'),
          order('1002', '7390571430123456789'),
          order('1003', '7390571430999999999'),
          order('1004', null),
          { ...order('2001', '7390571430123456789'), storeId: 'globex' },
        ]),
      );
      const count = (storeId: string, customerRef: string) => store.transact((tx) => tx.countCustomerOrders(storeId, customerRef));
      assert.equal(await count('acme', '7390571430123456789'), 2);
      assert.equal(await count('acme', '7390571430999999999'), 1);
      assert.equal(await count('acme', 'nobody'), 0);
      assert.equal(await count('globex', '7390571430123456789'), 1);
      await store.transact((tx) => tx.saveOrders([order('1002', '7390571430999999999')]));
      assert.equal(await count('acme', '7390571430123456789'), 1, 'saving an order again moves it to its new customer');
      assert.equal(await count('acme', '7390571430999999999'), 2);
    });

    test('events between two times are paged in log order after a seq', async () => {
      await store.transact((tx) =>
        tx.insertEvents([
          row(canonicalEvent({ id: 'before', order_ref: '1001', occurred_at: '2026-11-19T23:59:59.999Z' })),
          row(canonicalEvent({ id: 'at_start', order_ref: '1001', occurred_at: '2026-11-20T00:00:00.000Z' })),
          row(canonicalEvent({ id: 'parcel', type: 'shipment.updated', occurred_at: '2026-11-20T12:00:00.000Z', shipment: shipmentPart(TN) })),
          row(canonicalEvent({ id: 'foreign', store_id: 'globex', order_ref: '2001', occurred_at: '2026-11-20T12:00:00.000Z' })),
          row(canonicalEvent({ id: 'earlier_but_later_logged', order_ref: '1002', occurred_at: '2026-11-20T06:00:00.000Z' })),
          row(canonicalEvent({ id: 'at_end', order_ref: '1001', occurred_at: '2026-11-21T00:00:00.000Z' })),
          row(canonicalEvent({ id: 'last', order_ref: '1003', occurred_at: '2026-11-20T23:59:59.999Z' })),
        ]),
      );
      const page = (afterSeq: number) => store.reads.listEventsBetween('acme', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z', afterSeq, 2);
      const first = await page(0);
      assert.deepEqual(first.map((e) => e.event.id), ['at_start', 'parcel']);
      assert.equal(first[1]!.trackingNumber, TN);
      assert.equal(first[1]!.event.shipment?.tracking_number, TN);
      const second = await page(first.at(-1)!.seq);
      assert.deepEqual(second.map((e) => e.event.id), ['earlier_but_later_logged', 'last']);
      assert.ok(second[0]!.seq > first[1]!.seq);
      assert.deepEqual(await page(second.at(-1)!.seq), []);
      assert.equal((await store.reads.listEventsBetween('globex', '2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z', 0, 10)).length, 1);
    });

    test('store settings round-trip, saving again replaces them, and a store never saved has none', async () => {
      assert.equal(await store.admin.getStoreSettings('acme'), null);
      const settings = { country: 'DE', timeZone: 'Europe/Berlin', quietHours: { startHour: 22, startMinute: 30, endHour: 7, endMinute: 0 }, maxMessagesPerRecipientPerDay: 3 };
      await store.admin.saveStoreSettings('acme', settings, '2026-11-20T10:00:00.000Z');
      assert.deepEqual(await store.admin.getStoreSettings('acme'), settings);
      assert.equal(await store.admin.getStoreSettings('globex'), null);
      await store.admin.saveStoreSettings('acme', { timeZone: 'Europe/Vienna', quietHours: null, highValueThreshold: 250 }, '2026-11-21T10:00:00.000Z');
      assert.deepEqual(await store.admin.getStoreSettings('acme'), { timeZone: 'Europe/Vienna', quietHours: null, highValueThreshold: 250 });
    });
  });
}

const SHIPPING_YAML = `id: shipping-updates
name: Shipping updates
trigger:
  event: shipment.updated
  state: in_transit
steps:
  - notify: { channel: email, template: shipped }
`;

function shippingDocument(options: { channel?: string } = {}): Record<string, unknown> {
  return {
    id: 'shipping-updates',
    name: 'Shipping updates',
    trigger: { event: 'shipment.updated', state: 'in_transit' },
    conditions: [{ field: 'order.destination.country', op: 'in', value: ['DE', 'AT', 'CH'] }],
    steps: [
      { notify: { channel: options.channel ?? 'email', template: 'shipped', critical: false } },
      { wait: { hours: 48 } },
    ],
  };
}

function reviewDocument(): Record<string, unknown> {
  return {
    id: 'review-request',
    name: 'Ask for a review',
    trigger: { event: 'shipment.updated', state: 'delivered' },
    steps: [{ wait: { days: 7 } }, { notify: { channel: 'email', template: 'review', purpose: 'marketing' } }],
  };
}

function workflowInput(overrides: Partial<NewWorkflowVersion> = {}): NewWorkflowVersion {
  return {
    storeId: 'acme',
    workflowId: 'shipping-updates',
    document: shippingDocument(),
    sourceText: SHIPPING_YAML,
    createdAt: '2026-11-20T09:00:00.000Z',
    createdBy: 'key_1',
    ...overrides,
  };
}

/** A queued email notification of order 1001 in store acme (the channel contract and test/app/shared-reads.test.ts use it too). */
export function notification(overrides: Partial<NotificationRecord> & { id: string }): NotificationRecord {
  return {
    storeId: 'acme',
    orderRef: '1001',
    milestone: 'shipped',
    milestoneKey: `shipped:${TN}`,
    trackingNumber: TN,
    channel: 'email',
    recipient: 'jane@example.com',
    status: 'queued',
    statusReason: null,
    critical: false,
    purpose: 'transactional',
    workflowId: 'shipping-updates',
    workflowVersion: 1,
    runKey: 'run:shipping-updates:1001:evt_1',
    stepIndex: 0,
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    subject: null,
    body: null,
    html: null,
    dueAt: '2026-11-20T10:00:00.000Z',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    sentAt: null,
    history: [{ at: '2026-11-20T10:00:00.000Z', status: 'queued', reason: null }],
    ...overrides,
  };
}

function activity(overrides: Partial<WorkflowActivityRecord> & Pick<WorkflowActivityRecord, 'step' | 'outcome'>): WorkflowActivityRecord {
  return {
    storeId: 'acme',
    orderRef: '1001',
    at: '2026-11-20T10:00:00.000Z',
    workflowId: 'shipping-updates',
    workflowVersion: 1,
    runKey: 'run:shipping-updates:1001:evt_1',
    reason: null,
    detail: null,
    ...overrides,
  };
}

function evidence(ref: string, kind = 'event'): CaseEvidence {
  return { at: '2026-11-22T10:00:00.000Z', kind, ref, summary: `${kind} ${ref}` };
}

function caseRecord(overrides: Partial<CaseRecord> & { id: string }): CaseRecord {
  return {
    storeId: 'acme',
    orderRef: '1001',
    reason: 'stalled',
    summary: 'No carrier scan for 48 business hours',
    team: 'fulfillment',
    priority: 'normal',
    status: 'open',
    assignee: null,
    openedAt: '2026-11-22T10:00:00.000Z',
    slaDueAt: '2026-11-23T10:00:00.000Z',
    resolvedAt: null,
    outcome: null,
    openedBy: 'workflow:stall-watch',
    evidence: [evidence('evt_1')],
    updatedAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}

function order(ref: string, customerRef: string | null): OrderRecord {
  return {
    storeId: 'acme',
    orderRef: ref,
    customerRef,
    facts: { total: '129.90', currency: 'EUR' },
    promiseDate: null,
    placedAt: '2026-11-19T09:00:00.000Z',
    paidAt: null,
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    factsAsOf: '2026-11-19T09:00:00.000Z',
    lastEventAt: '2026-11-19T09:00:00.000Z',
    createdAt: '2026-11-19T09:00:01.000Z',
    updatedAt: '2026-11-19T09:00:01.000Z',
  };
}
