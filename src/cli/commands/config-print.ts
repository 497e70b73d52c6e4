// herald config print: the resolved configuration, secrets redacted.

import type { Command } from 'commander';
import { stringify } from 'yaml';
import { describeConfig } from '../../config/resolve-config.ts';
import { loadConfig } from '../load-config.ts';

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('configuration')
    .command('print')
    .description('print the resolved configuration (flags > HERALD_* env > herald.config.yaml > defaults), secrets redacted')
    .option('--port <port>')
    .option('--host <host>')
    .option('--data <dir>')
    .option('--database-url <url>')
    .option('--role <role>')
    .action((flags: Record<string, unknown>) => {
      process.stdout.write(stringify(describeConfig(loadConfig({ ...program.opts(), ...flags }))));
    });
}
