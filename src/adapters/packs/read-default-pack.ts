// The default pack's workflow files, shipped in packs/default/ beside the code.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackFile } from '../../app/install-default-pack.ts';

export const DEFAULT_PACK_DIR = fileURLToPath(new URL('../../../packs/default/', import.meta.url));

export function readDefaultPack(dir: string = DEFAULT_PACK_DIR): PackFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => ({ file: `packs/default/${name}`, text: readFileSync(`${dir}/${name}`, 'utf8') }));
}
