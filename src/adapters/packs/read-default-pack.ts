// The default pack's workflow files, shipped in packs/default/ beside the code.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackFile } from '../../app/install-default-pack.ts';
import { heraldRoot } from '../runtime/herald-root.ts';

export const DEFAULT_PACK_DIR = join(heraldRoot(), 'packs', 'default');

export function readDefaultPack(dir: string = DEFAULT_PACK_DIR): PackFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => ({ file: `packs/default/${name}`, text: readFileSync(`${dir}/${name}`, 'utf8') }));
}
