// Resolve configuration for a CLI command: flags > HERALD_* env > herald.config.yaml > defaults.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveConfig } from '../config/resolve-config.ts';
import type { HeraldConfig } from '../config/options.ts';

export interface GlobalFlags {
  config?: string;
  [flag: string]: unknown;
}

export function loadConfig(flags: GlobalFlags): HeraldConfig {
  const path = resolve(flags.config ?? process.env['HERALD_CONFIG'] ?? 'herald.config.yaml');
  const explicit = flags.config !== undefined || process.env['HERALD_CONFIG'] !== undefined;
  if (explicit && !existsSync(path)) throw new Error(`config file ${path} does not exist`);
  const yamlText = existsSync(path) ? readFileSync(path, 'utf8') : null;
  return resolveConfig({ flags, env: process.env, yamlText, yamlPath: path });
}
