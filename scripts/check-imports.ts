// Fails on circular imports among src/ files, and on core files that reach for I/O, the clock
// or randomness (DESIGN.md §3). ESLint checks the direction of imports between layers.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(src);
const graph = new Map<string, string[]>();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const line = match[0];
    if (/^\s*(import|export)\s+type\s/.test(line.trim())) continue;
    deps.push(resolve(dirname(file), match[1]!));
  }
  graph.set(file, deps);
}

const problems: string[] = [];
const state = new Map<string, 'visiting' | 'done'>();
const stack: string[] = [];
function visit(file: string): void {
  if (state.get(file) === 'done') return;
  if (state.get(file) === 'visiting') {
    const cycle = stack.slice(stack.indexOf(file)).concat(file).map((f) => relative(root, f));
    problems.push(`circular import: ${cycle.join(' -> ')}`);
    return;
  }
  state.set(file, 'visiting');
  stack.push(file);
  for (const dep of graph.get(file) ?? []) if (graph.has(dep)) visit(dep);
  stack.pop();
  state.set(file, 'done');
}
for (const file of files) visit(file);

const IMPURE = /\bDate\.now\(|\bMath\.random\(|\bprocess\.|from ['"]node:/;
for (const file of files.filter((f) => f.startsWith(join(src, 'core')))) {
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').findIndex((l) => IMPURE.test(l) && !l.trim().startsWith('//'));
  if (line >= 0) problems.push(`${relative(root, file)}:${line + 1}: src/core must stay pure (no node:*, process, Date.now, Math.random)`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`imports ok: ${files.length} files, no cycles, core is pure`);
