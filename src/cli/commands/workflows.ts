// herald workflows validate|list|save|enable|disable|simulate. Validation and simulation run
// here and send nothing; the others change the store's rules (through a running server when one
// holds the data folder, else on the store itself).

import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { listWorkflowSummaries, saveWorkflow, setEnabled } from '../../app/manage-workflows.ts';
import { parseWorkflowText } from '../../core/workflows/parse-workflow.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import { loadConfig } from '../load-config.ts';
import { readServerInfo } from '../server-lock.ts';
import { runSimulation } from './workflows-simulate.ts';

type Flags = { store: string; key?: string } & Record<string, unknown>;

export function registerWorkflows(program: Command): void {
  const workflows = program.command('workflows').description('the store\'s workflows: validate, list, save, enable, disable, simulate');

  workflows
    .command('validate')
    .argument('<files...>', 'workflow YAML files')
    .description('check workflow files; every problem with its file, line and field')
    .action((files: string[]) => {
      let bad = 0;
      for (const file of files) {
        const parsed = parseWorkflowText(file, readFileSync(file, 'utf8'));
        if (parsed.ok) {
          console.log(`${file}: ok (${parsed.document.id}, ${parsed.compiled.program.length} steps)`);
          continue;
        }
        bad += 1;
        for (const p of parsed.problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.field || '(document)'} ${p.reason}`);
      }
      if (bad > 0) {
        console.log(`${bad} of ${files.length} files have problems`);
        process.exitCode = 1;
      }
    });

  const storeOptions = (command: Command) =>
    command
      .option('--store <id>', 'store id', 'default')
      .option('--key <key>', 'API key, when a server is running (or HERALD_API_KEY)')
      .option('--data <dir>', 'data folder of the embedded store')
      .option('--database-url <url>', 'PostgreSQL URL');

  storeOptions(workflows.command('list').description('workflows with their current version and whether they run')).action(async (flags: Flags) => {
    const rows = await viaServerOrStore(program, flags, 'GET', '/v1/workflows', null, async (store) => ({ workflows: await listWorkflowSummaries(store, flags.store) }));
    for (const w of (rows as { workflows: { id: string; name: unknown; enabled: boolean; version: number }[] }).workflows) {
      console.log(`${w.enabled ? 'on ' : 'off'}  ${w.id.padEnd(28)} v${String(w.version).padEnd(4)} ${String(w.name)}`);
    }
  });

  storeOptions(workflows.command('save').argument('<file>', 'workflow YAML file').description('save a file as the workflow\'s new version')).action(async (file: string, flags: Flags) => {
    const text = readFileSync(file, 'utf8');
    const result = await viaServerOrStore(program, flags, 'POST', '/v1/workflows', text, (store) => saveWorkflow({ store, clock: systemClock }, flags.store, text, { file, createdBy: 'cli' }));
    console.log(JSON.stringify(result));
  });

  for (const verb of ['enable', 'disable'] as const) {
    storeOptions(workflows.command(verb).argument('<id>', 'workflow id').description(`${verb} a workflow`)).action(async (id: string, flags: Flags) => {
      const result = await viaServerOrStore(program, flags, 'POST', `/v1/workflows/${encodeURIComponent(id)}/${verb}`, '', (store) => setEnabled({ store, clock: systemClock }, flags.store, id, verb === 'enable'));
      console.log(JSON.stringify(result));
    });
  }

  storeOptions(
    workflows
      .command('simulate')
      .argument('<workflow>', 'a workflow YAML file, or the id of one of the store\'s workflows')
      .description('replay history against a workflow without sending anything; report what would have been sent')
      .option('--from <file>', 'NDJSON file of canonical events to replay')
      .option('--since <age>', 'replay the store\'s own events of the last N days (e.g. 30d)')
      .option('--version <n>', 'a saved version of the workflow (default: current)')
      .option('--json', 'print the report as JSON')
      .option('--no-progress', 'no progress bar'),
  ).action(async (workflow: string, flags: Flags & { from?: string; since?: string; version?: string; json?: boolean; progress: boolean }) => {
    const config = loadConfig({ ...program.opts(), ...flags });
    const bar = flags.progress && process.stderr.isTTY ? new SingleBar({ format: 'simulating [{bar}] {value} events' }) : null;
    bar?.start(0, 0);
    const report = await runSimulation(config, { ...flags, workflow, onProgress: (done) => bar?.update(done) });
    bar?.stop();
    if (flags.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    console.log(`replayed ${report.events} events of ${report.orders} orders against ${report.workflow}`);
    console.log('would send:');
    if (report.wouldSend.length === 0) console.log('  nothing');
    for (const r of report.wouldSend) console.log(`  ${r.milestone.padEnd(24)} ${r.channel.padEnd(8)} ${String(r.messages).padStart(6)} messages to ${r.orders} orders`);
    console.log('held back:');
    if (report.suppressed.length === 0) console.log('  nothing');
    for (const r of report.suppressed) console.log(`  ${r.milestone.padEnd(24)} ${r.channel.padEnd(8)} ${String(r.count).padStart(6)} ${r.status}: ${r.reason}`);
    console.log(`cases that would be opened: ${report.casesOpened}`);
  });
}

async function viaServerOrStore<T>(program: Command, flags: Flags, method: string, path: string, body: string | null, local: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<unknown> {
  const config = loadConfig({ ...program.opts(), ...flags });
  const server = config.databaseUrl ? null : readServerInfo(config.dataDir);
  const key = flags.key ?? process.env['HERALD_API_KEY'];
  if (server) {
    if (!key) throw new Error(`a Herald server (pid ${server.pid}) holds ${config.dataDir}: pass --key or HERALD_API_KEY`);
    const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml' }, ...(body === null ? {} : { body }) });
    const json = (await response.json()) as { error?: { message: string } };
    if (!response.ok) throw new Error(json.error?.message ?? `the server answered ${response.status}`);
    return json;
  }
  const store = await openStore(config, systemClock);
  try {
    await store.migrate();
    return await local(store);
  } finally {
    await store.close();
  }
}
