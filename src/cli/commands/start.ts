// herald start: run the HTTP API and/or the job worker.

import type { Command } from 'commander';
import { startHerald } from '../../main.ts';
import { loadConfig } from '../load-config.ts';
import { writeServerInfo } from '../server-lock.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run Herald (HTTP API and job worker)')
    .option('--port <port>', 'TCP port (HERALD_PORT, default 8080)')
    .option('--host <host>', 'interface to bind (HERALD_HOST, default 127.0.0.1)')
    .option('--data <dir>', 'data folder of the embedded store (HERALD_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (HERALD_DATABASE_URL)')
    .option('--role <role>', 'http, worker or all (HERALD_ROLE, default all)')
    .option('--log-level <level>', 'log level (HERALD_LOG_LEVEL, default info)')
    .action(async (flags: Record<string, unknown>) => {
      const config = loadConfig({ ...program.opts(), ...flags });
      const { port } = await startHerald(config);
      if (port !== null && !config.databaseUrl) {
        const release = writeServerInfo(config.dataDir, { pid: process.pid, url: `http://${config.host}:${port}` });
        process.once('exit', release);
      }
    });
}
