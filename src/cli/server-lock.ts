// The pid file tells CLI commands whether a running server holds the data folder, so they talk
// to it over HTTP instead of opening the store behind its back.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerInfo {
  pid: number;
  url: string;
}

const FILE = 'herald.pid.json';

export function writeServerInfo(dataDir: string, info: ServerInfo): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  writeFileSync(path, JSON.stringify(info));
  return () => {
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as ServerInfo;
      if (current.pid === info.pid) rmSync(path);
    } catch {
      // Already gone.
    }
  };
}

/** The running server for this data folder, or null when none is alive. */
export function readServerInfo(dataDir: string): ServerInfo | null {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as ServerInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}
