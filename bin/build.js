// Compiles src/ into dist/ (one JavaScript file per source file, the same folders), so that
// Herald runs as plain JavaScript: no TypeScript loader in the process, about 70 MB less resident
// memory at rest (docs/benchmarks.md). `buildIfStale` skips the work when the last build was
// made from exactly the inputs there are now; `node bin/build.js` builds unconditionally.
//
// Each build is a folder of its own under .herald-builds/, and dist is a symbolic link to the
// newest, switched in one rename. A running Herald resolved the link when it started, so the
// modules it loads later (the simulate sandbox, the email layout) still come from its own build;
// the two builds before the newest are kept for such processes. Tests (*.test.ts) are not compiled.
import { build } from 'esbuild';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(import.meta.url);
const KEEP_BUILDS = 3;
/** Loads the TypeScript sources through tsx; a compiled dist/ has no use for it. */
const TSX_ONLY = new Set(['http-thread-entry.js']);

const folders = (root) => ({
  src: join(root, 'src'),
  dist: join(root, 'dist'),
  builds: join(root, '.herald-builds'),
  lock: join(root, '.herald-builds', 'lock'),
  extraInputs: [SCRIPT, join(root, 'package-lock.json'), join(root, 'tsconfig.json')],
});

/** Every file of src/ but tests: TypeScript to compile, anything else to copy beside it. */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    if (/\.test\.tsx?$/.test(name) || TSX_ONLY.has(name)) return [];
    return [path];
  });
}

/** What a build was made from: each input's path, size and modification time. Any difference rebuilds. */
function manifestOf(root, files) {
  const { extraInputs } = folders(root);
  return [...files, ...extraInputs]
    .filter((file) => existsSync(file))
    .map((file) => {
      const stat = statSync(file);
      return `${relative(root, file)}\t${stat.size}\t${stat.mtimeMs}`;
    })
    .join('\n');
}

function isFresh(root, files) {
  const manifest = join(folders(root).dist, '.manifest');
  return existsSync(manifest) && readFileSync(manifest, 'utf8') === manifestOf(root, files);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One builder at a time (tests start several processes at once): the others wait for it. */
async function withLock(root, work) {
  const { builds, lock } = folders(root);
  mkdirSync(builds, { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = 0;
      let since = Date.now();
      try {
        since = statSync(lock).mtimeMs;
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8')) || 0;
      } catch {
        // being taken or released right now
      }
      // A builder that died (Ctrl-C, a kill) leaves its lock: take it over, by a rename only one
      // process can win. A build takes about a second, so a lock older than a minute is dead too
      // (its pid may have been given to another process since, after a container restart), and
      // one still without a pid after 10 s lost its builder before it wrote one.
      const age = Date.now() - since;
      if ((holder > 0 && !isAlive(holder)) || age > 60_000 || (holder === 0 && age > 10_000)) {
        const stale = `${lock}.stale-${process.pid}`;
        try {
          renameSync(lock, stale);
          rmSync(stale, { recursive: true, force: true });
        } catch {
          // another process took it over first
        }
        continue;
      }
      if (!told) {
        console.error(`waiting for the build of process ${holder || '(starting)'} to finish`);
        told = true;
      }
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
  const { src, dist, builds } = folders(root);
  const manifest = manifestOf(root, files);
  // Numbered, not timed: a clock that steps back must not make the newest build sort oldest.
  const name = `${String(newestBuild(builds) + 1).padStart(6, '0')}-${process.pid}`;
  const partial = join(builds, `${name}.partial`);
  sweep(builds);
  try {
    await compileInto(src, partial, files);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(partial, '.manifest'), manifest);
  renameSync(partial, join(builds, name));
  // Switch the link in one step: a new link beside it, renamed over the old one.
  const link = `${dist}.link-${process.pid}`;
  rmSync(link, { force: true });
  symlinkSync(join('.herald-builds', name), link);
  const current = lstatSync(dist, { throwIfNoEntry: false });
  if (current?.isDirectory()) rmSync(dist, { recursive: true, force: true }); // a dist/ folder of an older launcher
  renameSync(link, dist);
  prune(builds, name);
}

const BUILD = /^(\d{6,})-\d+$/;

function newestBuild(builds) {
  return Math.max(0, ...readdirSync(builds).map((entry) => Number(BUILD.exec(entry)?.[1] ?? 0)));
}

/** Partial builds left by builders that died. */
function sweep(builds) {
  for (const entry of readdirSync(builds)) {
    const pid = Number(/-(\d+)\.partial$/.exec(entry)?.[1] ?? 0);
    if (pid > 0 && !isAlive(pid)) rmSync(join(builds, entry), { recursive: true, force: true });
  }
}

/** All but the newest few builds, and never the one dist now links to. */
function prune(builds, current) {
  const done = readdirSync(builds)
    .filter((entry) => BUILD.test(entry))
    .sort((a, b) => Number(BUILD.exec(a)[1]) - Number(BUILD.exec(b)[1]));
  for (const old of done.slice(0, -KEEP_BUILDS)) if (old !== current) rmSync(join(builds, old), { recursive: true, force: true });
}

async function compileInto(src, out, files) {
  await build({
    entryPoints: files.filter((file) => /\.tsx?$/.test(file)),
    outdir: out,
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
  // Files read at run time next to the module that reads them (the default email layout).
  for (const file of files.filter((file) => !/\.tsx?$/.test(file))) cpSync(file, join(out, relative(src, file)));
}

/** Builds dist/ when any input differs from what the last build was made from; returns whether it built. */
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

if (realpathSync(process.argv[1] ?? '') === SCRIPT) {
  const started = Date.now();
  const ifStale = process.argv.includes('--if-stale');
  const files = sources(folders(ROOT).src);
  const built = ifStale ? await buildIfStale(ROOT) : await withLock(ROOT, () => compile(ROOT, files)).then(() => true);
  console.log(built ? `built ${files.length} files into dist/ in ${Date.now() - started} ms` : 'dist/ is up to date');
}
