// The `herald` command line. Only this file and src/main.ts start things.

import { Command } from 'commander';
import { HeraldError, ValidationError } from '../core/errors.ts';
import { registerConfig } from './commands/config-print.ts';
import { registerImport } from './commands/import.ts';
import { registerKeys } from './commands/keys.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerQuarantine } from './commands/quarantine.ts';
import { registerSources } from './commands/sources.ts';
import { registerStart } from './commands/start.ts';
import { registerStatus } from './commands/status.ts';
import { registerWorkflows } from './commands/workflows.ts';
import { registerOutbox } from './commands/outbox.ts';
import { registerCases } from './commands/cases.ts';
import { registerUsers } from './commands/users.ts';
import { registerDemo } from './commands/demo.ts';

const program = new Command('herald')
  .description('Herald: self-hosted order status automation')
  .option('--config <file>', 'configuration file (default ./herald.config.yaml, or HERALD_CONFIG)');

registerStart(program);
registerMigrate(program);
registerImport(program);
registerKeys(program);
registerConfig(program);
registerStatus(program);
registerSources(program);
registerQuarantine(program);
registerWorkflows(program);
registerOutbox(program);
registerCases(program);
registerUsers(program);
registerDemo(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const issues = error instanceof ValidationError ? error.issues.map((i) => `\n  ${i.field}: ${i.reason}`).join('') : '';
  const message = (error instanceof HeraldError || error instanceof Error ? error.message : String(error)) + issues;
  process.stderr.write(`herald: ${message}\n`);
  process.exit(error instanceof HeraldError && error.code === 'config_invalid' ? 78 : 1);
});
