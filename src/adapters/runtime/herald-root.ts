// The folder Herald is installed in (package.json, packs/, migrations/), found from a module's
// own URL. The TypeScript sources (src/) and the compiled builds (.herald-builds/<build>/, see
// bin/build.js) sit at different depths below it, so no module counts `../` to get there.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | null = null;

export function heraldRoot(moduleUrl: string = import.meta.url): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'herald') return (found = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`no Herald installation (a package.json named "herald") above ${fileURLToPath(moduleUrl)}`);
    dir = up;
  }
}
