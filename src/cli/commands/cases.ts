// herald cases list|show|assign|resolve: the review queue from the command line, on the same
// store the server uses (SQLite in WAL mode lets this process write beside a running server).

import type { Command } from 'commander';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { assign, comment, getCaseView, listCaseViews, resolve } from '../../app/manage-cases.ts';
import { CASE_OUTCOMES } from '../../core/cases/case-record.ts';
import type { Store } from '../../core/ports/store.ts';
import { loadConfig } from '../load-config.ts';
import { withStore } from '../with-store.ts';

type Flags = { store: string } & Record<string, unknown>;

export function registerCases(program: Command): void {
  const cases = program.command('cases').description('the review queue: exceptions with an owner, a priority and an SLA');
  const storeOptions = (command: Command) =>
    command.option('--store <id>', 'store id', 'default').option('--data <dir>', 'data folder of the embedded store').option('--database-url <url>', 'PostgreSQL URL');
  // Reading and acting on cases needs no migration: `herald start` or `herald migrate` did it.
  const run = (flags: Flags, work: (store: Store) => Promise<void>) => withStore(loadConfig({ ...program.opts(), ...flags }), work, { migrate: false });
  const actor = (flags: Record<string, unknown>) => (typeof flags['as'] === 'string' ? `agent:${flags['as']}` : 'cli');

  storeOptions(cases.command('list').description('cases, newest first'))
    .option('--status <status>', 'open or resolved', 'open')
    .option('--team <team>', 'support, fulfillment, finance or operations')
    .option('--assignee <name>', 'only cases assigned to this person')
    .option('--limit <n>', 'how many', '50')
    .action(async (flags: Flags & { status: string; team?: string; assignee?: string; limit: string }) =>
      run(flags, async (store) => {
        const rows = await listCaseViews(store, flags.store, { status: flags.status === 'resolved' ? 'resolved' : 'open', team: flags.team, assignee: flags.assignee, limit: Math.max(1, Number(flags.limit) || 50) });
        if (rows.length === 0) console.log(`no ${flags.status} cases`);
        for (const k of rows) {
          console.log(`${k.id}  ${k.priority.padEnd(6)} ${k.team.padEnd(11)} ${(k.assignee ?? '-').padEnd(12)} order ${k.order_ref}  ${k.reason}  SLA ${k.sla_due_at ?? '-'}${k.risk ? `  risk ${k.risk.score}` : ''}`);
          console.log(`    ${k.summary}`);
        }
      }),
    );

  storeOptions(cases.command('show <id>').description('one case: evidence, parcels, messages, audit trail')).action(async (id: string, flags: Flags) =>
    run(flags, async (store) => console.log(JSON.stringify(await getCaseView(store, flags.store, id), null, 2))),
  );

  storeOptions(cases.command('assign <id> <assignee>').description('give the case to a person (and optionally another team)'))
    .option('--team <team>', 'move it to this team')
    .option('--as <name>', 'who is acting (for the audit trail)')
    .action(async (id: string, assignee: string, flags: Flags & { team?: string }) =>
      run(flags, async (store) => {
        const record = await assign({ store, clock: systemClock }, flags.store, id, { assignee, ...(flags.team ? { team: flags.team } : {}) }, actor(flags));
        console.log(`case ${record.id} assigned to ${record.assignee} (${record.team})`);
      }),
    );

  storeOptions(cases.command('comment <id> <text>').description('add a comment to the audit trail'))
    .option('--as <name>', 'who is acting')
    .action(async (id: string, text: string, flags: Flags) => run(flags, async (store) => void (await comment({ store, clock: systemClock }, flags.store, id, text, actor(flags)))));

  storeOptions(cases.command('resolve <id> <outcome>').description(`close the case with an outcome: ${CASE_OUTCOMES.join(', ')}`))
    .option('--note <text>', 'what was done')
    .option('--as <name>', 'who is acting')
    .action(async (id: string, outcome: string, flags: Flags & { note?: string }) =>
      run(flags, async (store) => {
        const record = await resolve({ store, clock: systemClock }, flags.store, id, { outcome, note: flags.note ?? null }, actor(flags));
        console.log(`case ${record.id} resolved: ${record.outcome}`);
      }),
    );
}
