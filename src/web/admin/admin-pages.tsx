// The dashboard's pages behind sign-in (src/http/routes/admin.ts registers them after the session
// and CSRF checks): each handler checks the role, calls one use case and renders its page.

import type { Context, Hono } from 'hono';
import { approveDraft, assign, comment, getCaseView, listCaseViews, rejectDraft, resolve } from '../../app/manage-cases.ts';
import { listChannels, saveChannel, type ManageChannelsDeps } from '../../app/manage-channels.ts';
import { settingsView, updateSettings } from '../../app/manage-settings.ts';
import { getVersion, getWorkflowDetail, listWorkflowSummaries, setEnabled } from '../../app/manage-workflows.ts';
import { getOrderView } from '../../app/read-views.ts';
import { replayQuarantined } from '../../app/replay-quarantined.ts';
import { buildScorecard } from '../../app/scorecard.ts';
import { describeSourceHealth } from '../../app/source-health.ts';
import { createUser } from '../../app/admin-users.ts';
import { normalizeTrackingNumber } from '../../core/carriers/detect-carrier.ts';
import { CASE_OUTCOMES, CASE_PRIORITIES, OWNER_TEAMS } from '../../core/cases/case-record.ts';
import { ForbiddenError, HeraldError, NotFoundError, ValidationError } from '../../core/errors.ts';
import type { OrderRecord } from '../../core/order/order-record.ts';
import { isoAt } from '../../core/ports/clock.ts';
import { withDefaultSettings } from '../../core/settings/store-settings.ts';
import { may, type AdminDeps, type AdminEnv, type FormReader, type Permission } from './admin-env.ts';
import { CasePage, CasePanel, QueuePage, type QueueFilter } from './case-pages.tsx';
import { OrderPage, OrderSearchPage, type OrderHit } from './order-pages.tsx';
import { OverviewPage } from './overview-page.tsx';
import { renderPage, type Flash, type PageStatus } from './render.tsx';
import { field, settingsBody } from './settings-form.ts';
import { SettingsPage } from './settings-page.tsx';
import { QuarantinePage, SourcesPage } from './source-pages.tsx';
import { WorkflowListPage, WorkflowPage } from './workflow-pages.tsx';

type C = Context<AdminEnv>;
const PRIORITY_RANK = Object.fromEntries(CASE_PRIORITIES.map((p, i) => [p, i])) as Record<string, number>;
const DONE: Readonly<Record<string, string>> = {
  claimed: 'The case is assigned to you.',
  commented: 'Comment added.',
  resolved: 'The case is resolved.',
  approved: 'The message is approved and on its way.',
  rejected: 'The drafted message is rejected.',
  saved: 'Saved.',
  replayed: 'Replayed.',
  enabled: 'Enabled.',
  disabled: 'Disabled.',
  added: 'Member added.',
};

export function registerAdminPages(app: Hono<AdminEnv>, deps: AdminDeps, formOf: FormReader): void {
  const cases = { store: deps.store, clock: deps.clock };
  const guard = (c: C, permission: Permission) => {
    if (!may(c.get('user'), permission)) throw new ForbiddenError(`a ${c.get('user').role} may not do this; ask an owner`);
  };
  const actor = (c: C) => `agent:${c.get('user').name}`;
  const doneFlash = (c: C): Flash => {
    const done = c.req.query('done');
    return done && DONE[done] ? { kind: 'ok', text: DONE[done] } : null;
  };

  app.get('/admin', async (c) => {
    const days = c.req.query('days') === '30' ? 30 : 7;
    const settings = withDefaultSettings(await deps.store.admin.getStoreSettings(c.get('storeId')));
    const card = await buildScorecard(deps.store, c.get('storeId'), deps.clock.nowMs(), days, settings.timeZone);
    return renderPage(c, 'Overview', 'overview', <OverviewPage card={card} />);
  });

  // The review queue and its actions.
  app.get('/admin/cases', async (c) => {
    const filter: QueueFilter = {
      status: c.req.query('status') === 'resolved' ? 'resolved' : 'open',
      team: (OWNER_TEAMS as readonly string[]).includes(c.req.query('team') ?? '') ? c.req.query('team')! : '',
      priority: (CASE_PRIORITIES as readonly string[]).includes(c.req.query('priority') ?? '') ? c.req.query('priority')! : '',
      assignee: (c.req.query('assignee') ?? '').trim(),
    };
    const assignee = filter.assignee === 'me' ? c.get('user').name : filter.assignee;
    const listed = await listCaseViews(deps.store, c.get('storeId'), { status: filter.status, team: filter.team || undefined, assignee: assignee && assignee !== 'unassigned' ? assignee : undefined, limit: 500 });
    const shown = listed
      .filter((k) => (filter.priority === '' || k.priority === filter.priority) && (assignee !== 'unassigned' || k.assignee === null))
      .sort((a, b) => (a.sla_due_at ?? '\uffff').localeCompare(b.sla_due_at ?? '\uffff') || PRIORITY_RANK[b.priority]! - PRIORITY_RANK[a.priority]!);
    return renderPage(c, 'Review queue', 'cases', <QueuePage cases={shown} filter={filter} nowMs={deps.clock.nowMs()} />);
  });
  app.get('/admin/cases/:id', async (c) => {
    const view = await getCaseView(deps.store, c.get('storeId'), c.req.param('id'));
    return renderPage(c, `Case ${view.id}`, 'cases', <CasePage view={view} csrf={c.get('session').csrfToken} canAct={may(c.get('user'), 'actOnCases')} nowMs={deps.clock.nowMs()} flash={doneFlash(c)} />);
  });
  const caseAction = (path: string, done: string, run: (c: C, form: Awaited<ReturnType<FormReader>>) => Promise<unknown>) => {
    app.post(`/admin/cases/:id/${path}`, async (c) => {
      guard(c, 'actOnCases');
      const id = c.req.param('id');
      const htmx = c.req.header('hx-request') === 'true';
      let flash: Flash = { kind: 'ok', text: DONE[done]! };
      let status: PageStatus = 200;
      try {
        await run(c, await formOf(c));
      } catch (error) {
        if (!(error instanceof HeraldError) || error instanceof ForbiddenError) throw error;
        flash = { kind: 'error', text: error instanceof ValidationError ? `${error.message}: ${error.issues.map((i) => `${i.field} ${i.reason}`).join('; ')}` : error.message };
        status = error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 400;
      }
      if (!htmx && status === 200) return c.redirect(`/admin/cases/${encodeURIComponent(id)}?done=${done}`, 303);
      const view = await getCaseView(deps.store, c.get('storeId'), id);
      const props = { view, csrf: c.get('session').csrfToken, canAct: true, nowMs: deps.clock.nowMs(), flash };
      // htmx swaps only 2xx answers, so an error is shown in the panel with 200.
      if (htmx) return c.html(await (<CasePanel {...props} />).toString(), 200);
      return renderPage(c, `Case ${view.id}`, 'cases', <CasePage {...props} />, status);
    });
  };
  caseAction('claim', 'claimed', (c) => assign(cases, c.get('storeId'), c.req.param('id')!, { assignee: c.get('user').name }, actor(c)));
  caseAction('comment', 'commented', (c, form) => {
    const text = field(form, 'text').trim();
    if (text === '') throw new ValidationError('the comment is empty', [{ field: 'text', reason: 'must not be empty' }]);
    return comment(cases, c.get('storeId'), c.req.param('id')!, text.slice(0, 5_000), actor(c));
  });
  caseAction('resolve', 'resolved', (c, form) => {
    const outcome = field(form, 'outcome');
    if (!(CASE_OUTCOMES as readonly string[]).includes(outcome)) throw new ValidationError('the outcome is not valid', [{ field: 'outcome', reason: `must be one of ${CASE_OUTCOMES.join(', ')}` }]);
    return resolve(cases, c.get('storeId'), c.req.param('id')!, { outcome, note: field(form, 'note').trim() || null }, actor(c));
  });
  caseAction('drafts/:notification/approve', 'approved', async (c, form) => {
    const draft = await deps.store.reads.getNotification(c.get('storeId'), c.req.param('notification')!);
    // Only what the agent changed counts as an edit; an untouched form sends the draft as rendered.
    const subject = form['subject'] === undefined ? undefined : field(form, 'subject');
    const body = form['body'] === undefined ? undefined : field(form, 'body').replace(/\r\n/g, '\n');
    const edit = {
      ...(subject !== undefined && subject !== (draft?.subject ?? '') ? { subject } : {}),
      ...(body !== undefined && body !== (draft?.body ?? '') ? { body } : {}),
    };
    return approveDraft(cases, c.get('storeId'), c.req.param('id')!, c.req.param('notification')!, edit, actor(c));
  });
  caseAction('drafts/:notification/reject', 'rejected', (c, form) => rejectDraft(cases, c.get('storeId'), c.req.param('id')!, c.req.param('notification')!, field(form, 'reason').trim(), actor(c)));

  // Orders.
  app.get('/admin/orders', async (c) => {
    const query = (c.req.query('q') ?? '').trim();
    if (query === '') return renderPage(c, 'Orders', 'orders', <OrderSearchPage query="" hits={null} />);
    const orders = await findOrders(deps, c.get('storeId'), query);
    if (orders.length === 1) return c.redirect(`/admin/orders/${encodeURIComponent(orders[0]!.orderRef)}`, 303);
    const hits: OrderHit[] = orders.map((o) => ({ ref: o.orderRef, number: o.facts.number ?? null, email: o.facts.customer?.email ?? null, lastEventAt: o.lastEventAt }));
    return renderPage(c, 'Orders', 'orders', <OrderSearchPage query={query} hits={hits} />);
  });
  app.get('/admin/orders/:ref', async (c) => {
    const view = await getOrderView(deps.store, c.get('storeId'), c.req.param('ref'));
    return renderPage(c, `Order ${view.order.ref}`, 'orders', <OrderPage view={view} />);
  });

  // Workflows.
  const manage = { store: deps.store, clock: deps.clock, catalog: deps.catalog };
  app.get('/admin/workflows', async (c) => renderPage(c, 'Workflows', 'workflows', <WorkflowListPage workflows={await listWorkflowSummaries(deps.store, c.get('storeId'))} />));
  const workflowPage = async (c: C, simulation: { days: number; version: number | null } | null, status: PageStatus = 200) => {
    const detail = await getWorkflowDetail(deps.store, c.get('storeId'), c.req.param('id')!);
    const wanted = simulation?.version ?? (Number(c.req.query('version')) || detail.version);
    const record = await getVersion(deps.store, c.get('storeId'), detail.id, wanted);
    let result = null;
    if (simulation) {
      if (!deps.simulate) result = { days: simulation.days, report: null, unavailable: `Simulation is not wired into this server; run: herald workflows simulate ${detail.id} --store ${c.get('storeId')} --since ${simulation.days}d` };
      else result = { days: simulation.days, report: await deps.simulate({ storeId: c.get('storeId'), workflowId: detail.id, version: record.version, days: simulation.days }), unavailable: null };
    }
    return renderPage(
      c,
      `Workflow ${detail.id}`,
      'workflows',
      <WorkflowPage detail={detail} shown={{ version: record.version, text: record.sourceText }} csrf={c.get('session').csrfToken} canManage={may(c.get('user'), 'manageWorkflows')} simulation={result} />,
      status,
      doneFlash(c),
    );
  };
  app.get('/admin/workflows/:id', (c) => workflowPage(c, null));
  for (const verb of ['enable', 'disable'] as const) {
    app.post(`/admin/workflows/:id/${verb}`, async (c) => {
      guard(c, 'manageWorkflows');
      await setEnabled(manage, c.get('storeId'), c.req.param('id'), verb === 'enable');
      return c.redirect(`/admin/workflows/${encodeURIComponent(c.req.param('id'))}?done=${verb}d`, 303);
    });
  }
  app.post('/admin/workflows/:id/simulate', async (c) => {
    guard(c, 'manageWorkflows');
    const form = await formOf(c);
    const days = Number(field(form, 'days'));
    if (!Number.isInteger(days) || days < 1 || days > 90) throw new ValidationError('the number of days must be a whole number from 1 to 90', [{ field: 'days', reason: 'must be 1-90' }]);
    return workflowPage(c, { days, version: Number(field(form, 'version')) || null });
  });

  // Sources and quarantine.
  app.get('/admin/sources', async (c) => renderPage(c, 'Sources', 'sources', <SourcesPage sources={await describeSourceHealth(deps.store, c.get('storeId'), deps.clock.nowMs())} />));
  const quarantinePage = async (c: C, flash: Flash, status: PageStatus = 200) =>
    renderPage(c, 'Quarantine', 'quarantine', <QuarantinePage entries={await deps.store.reads.listQuarantine(c.get('storeId'), 200)} csrf={c.get('session').csrfToken} canReplay={may(c.get('user'), 'replayQuarantine')} />, status, flash);
  app.get('/admin/quarantine', (c) => quarantinePage(c, doneFlash(c)));
  app.post('/admin/quarantine/:id/replay', async (c) => {
    guard(c, 'replayQuarantine');
    try {
      const outcome = await replayQuarantined({ store: deps.store, gateway: deps.ingest, clock: deps.clock, sources: deps.sources }, c.get('storeId'), c.req.param('id'));
      return quarantinePage(c, { kind: 'ok', text: `Replayed ${outcome.id}: ${outcome.accepted} event(s) accepted, ${outcome.duplicates} already known.` });
    } catch (error) {
      if (!(error instanceof HeraldError) || error instanceof NotFoundError) throw error;
      return quarantinePage(c, { kind: 'error', text: error.message }, 422);
    }
  });

  // Settings, channels and the team: the owner's.
  const channelDeps = (): ManageChannelsDeps | null =>
    deps.channels ? { store: deps.store, clock: deps.clock, providers: deps.channels.providers, publicUrl: deps.channels.publicUrl, compileEmailLayout: deps.channels.compileEmailLayout, invalidate: deps.channels.invalidate } : null;
  const settingsPage = async (c: C, flash: Flash, status: PageStatus = 200) => {
    guard(c, 'settings');
    const storeId = c.get('storeId');
    const channels = channelDeps();
    const [saved, users, channelViews] = await Promise.all([deps.store.admin.getStoreSettings(storeId), deps.store.admin.listUsers(storeId), channels ? listChannels(channels, storeId) : null]);
    return renderPage(c, 'Settings', 'settings', <SettingsPage settings={settingsView(saved)} channels={channelViews} users={users} me={c.get('user')} csrf={c.get('session').csrfToken} />, status, flash);
  };
  const settingsAction = (path: string, run: (c: C, form: Awaited<ReturnType<FormReader>>) => Promise<string>) => {
    app.post(path, async (c) => {
      guard(c, 'settings');
      try {
        return settingsPage(c, { kind: 'ok', text: await run(c, await formOf(c)) });
      } catch (error) {
        if (!(error instanceof HeraldError) || error instanceof ForbiddenError || error instanceof NotFoundError) throw error;
        const text = error instanceof ValidationError ? `${error.message}: ${error.issues.map((i) => `${i.field} ${i.reason}`).join('; ')}` : error.message;
        return settingsPage(c, { kind: 'error', text }, error.code === 'conflict' ? 409 : 400);
      }
    });
  };
  app.get('/admin/settings', (c) => settingsPage(c, null));
  settingsAction('/admin/settings', async (c, form) => {
    const compile = deps.channels?.compileEmailLayout ?? (async () => ({ ok: false as const, problems: ['email layouts are compiled by the server process'] }));
    await updateSettings({ store: deps.store, clock: deps.clock, compileEmailLayout: compile, invalidate: deps.channels?.invalidate }, c.get('storeId'), settingsBody(form));
    return 'Settings saved.';
  });
  settingsAction('/admin/settings/channels/:channel', async (c, form) => {
    const channels = channelDeps();
    if (!channels) throw new HeraldError('validation_failed', 'channels are not served by this process');
    let body: unknown;
    try {
      body = JSON.parse(field(form, 'config'));
    } catch {
      throw new ValidationError('the channel configuration is not JSON', [{ field: 'config', reason: 'must be a JSON object such as {"providers": []}' }]);
    }
    await saveChannel(channels, c.get('storeId'), c.req.param('channel')!, body);
    return `The ${c.req.param('channel')} channel is saved.`;
  });
  settingsAction('/admin/settings/users', async (c, form) => {
    const user = await createUser({ store: deps.store, clock: deps.clock, ids: deps.ids }, { storeId: c.get('storeId'), email: field(form, 'email'), name: field(form, 'name'), role: field(form, 'role'), password: field(form, 'password') });
    return `${user.name} (${user.email}) can sign in now as ${user.role}.`;
  });
  for (const verb of ['disable', 'enable'] as const) {
    settingsAction(`/admin/settings/users/:id/${verb}`, async (c) => {
      const user = await deps.store.admin.getUser(c.req.param('id')!);
      if (!user || user.storeId !== c.get('storeId')) throw new NotFoundError('no such member in this store');
      if (user.id === c.get('user').id) throw new ValidationError('you cannot disable yourself', [{ field: 'user', reason: 'ask another owner' }]);
      await deps.store.admin.saveUser({ ...user, disabledAt: verb === 'disable' ? isoAt(deps.clock.nowMs()) : null });
      return `${user.name} is ${verb}d.`;
    });
  }
}

/** An order by ref, storefront number, customer email or a parcel's tracking number. */
async function findOrders(deps: AdminDeps, storeId: string, query: string): Promise<OrderRecord[]> {
  const byRef = await deps.store.reads.getOrder(storeId, query);
  if (byRef) return [byRef];
  if (query.includes('@')) return deps.store.reads.findOrdersByContact(storeId, { email: query }, 50);
  const byNumber = await deps.store.reads.findOrdersByNumber(storeId, query, 50);
  if (byNumber.length > 0) return byNumber;
  const shipment = await deps.store.reads.getShipment(storeId, normalizeTrackingNumber(query));
  const order = shipment?.orderRef ? await deps.store.reads.getOrder(storeId, shipment.orderRef) : null;
  return order ? [order] : [];
}
