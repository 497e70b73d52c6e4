// Compiles src/ into dist/ (one JavaScript file per source file, the same folders), so that
// Herald runs as plain JavaScript: no TypeScript loader in the process, about 70 MB less resident
// memory at rest (docs/benchmarks.md). `buildIfStale` skips the work when dist/ is newer than
// every source; `node bin/build.js` builds unconditionally. Tests (*.test.ts) are not compiled.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const folders = (root) => ({ src: join(root, 'src'), dist: join(root, 'dist'), lock: join(root, 'dist.lock'), lockfile: join(root, 'package-lock.json') });
/** Files that are not TypeScript but are read at run time next to the module that reads them. */
const ASSETS = /\.(html)$/;
/** Loads the TypeScript sources through tsx; a compiled dist/ has no use for it. */
const TSX_ONLY = new Set(['http-thread-entry.js']);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    if (/\.test\.tsx?$/.test(name) || TSX_ONLY.has(name)) return [];
    return /\.tsx?$/.test(name) || ASSETS.test(name) ? [path] : [];
  });
}

/** The newest modification time among the inputs: sources, assets, this script, the lockfile. */
function newestInput(root, files) {
  const inputs = [...files, fileURLToPath(import.meta.url), folders(root).lockfile];
  return Math.max(...inputs.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs));
}

function isFresh(root, files) {
  const stamp = join(folders(root).dist, '.built');
  if (!existsSync(stamp)) return false;
  return Number(readFileSync(stamp, 'utf8')) >= newestInput(root, files);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One builder at a time (tests start several processes at once): the others wait for it. */
async function withLock(root, work) {
  const { lock } = folders(root);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A builder killed half-way leaves its lock behind: take it over after a minute.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function compile(root, files) {
  const { src, dist } = folders(root);
  const started = newestInput(root, files);
  const next = `${dist}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    await compileInto(src, next, files);
  } catch (error) {
    rmSync(next, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(next, '.built'), String(started));
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}

async function compileInto(src, next, files) {
  const code = files.filter((file) => /\.tsx?$/.test(file));
  await build({
    entryPoints: code,
    outdir: next,
    outbase: src,
    // Bundling with every import external is how esbuild rewrites `./x.ts` to `./x.js` while it
    // compiles each file on its own: nothing is merged, each source keeps its own module.
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [
      {
        name: 'relative-imports-stay-modules',
        setup(builder) {
          builder.onResolve({ filter: /^\./ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.tsx?$/, '.js'), external: true }));
        },
      },
    ],
  });
  for (const file of files.filter((file) => ASSETS.test(file))) cpSync(file, join(next, relative(src, file)));
}

/** Builds dist/ when an input is newer than the last build; returns whether it built. */
export async function buildIfStale(root = ROOT) {
  const { src } = folders(root);
  if (isFresh(root, sources(src))) return false;
  return withLock(root, async () => {
    const files = sources(src);
    if (isFresh(root, files)) return false; // another process built it while this one waited
    await compile(root, files);
    return true;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const files = sources(folders(ROOT).src);
  await withLock(ROOT, () => compile(ROOT, files));
  console.log(`built ${files.length} files into dist/ in ${Date.now() - started} ms`);
}
