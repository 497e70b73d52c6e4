// Runs `herald start` as a real child process (the README's way), for crash and CLI tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface HeraldProcess {
  child: ChildProcess;
  url: string;
  /** The first API key, when this start created the default store. */
  firstKey: string | null;
  output(): string;
  /** SIGTERM and wait for exit (or SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  kill9(): Promise<void>;
}

export async function startHeraldProcess(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000, nodeArgs: string[] = []): Promise<HeraldProcess> {
  // The same flags as `npm start` (package.json): a small young generation keeps resident memory
  // in budget under batch load at no measurable cost in throughput (docs/benchmarks.md).
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--max-old-space-size=256', ...nodeArgs, 'bin/herald.js', 'start', '--port', '0', ...args], {
    cwd: REPO,
    env: { ...process.env, HERALD_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`herald did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out) ?? (/"msg":"Herald worker started"/.test(out) ? [null, ''] : null);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1] ?? '');
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`herald exited with ${code} before it started:\n${out}`)));
    check();
  });
  const firstKey = /\n\s+(hk_[A-Za-z0-9_-]+)\n/.exec(out)?.[1] ?? null;
  return {
    child,
    url,
    firstKey,
    output: () => out,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
