// The launcher's build (bin/build.js): src/ compiled file by file into a build folder that dist
// links to, rebuilt only when an input changed, with running processes keeping their own build.
// Run on a throw-away project so that it never touches this repository's dist.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildIfStale } from '../../bin/build.js';
import { REPO } from '../support/herald-process.ts';

const root = mkdtempSync(join(tmpdir(), 'herald-build-'));
after(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};

// An older time for every input, so that a later touch is certainly newer than the build.
const age = (path: string) => utimesSync(join(root, path), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

write('package.json', '{ "type": "module" }');
write('src/main.ts', "import { greet } from './words/greet.ts';\nimport { Page } from './page.tsx';\nconst shown: string = greet('Ada');\nconsole.log(shown, String(Page()).length > 0);\n");
write('src/words/greet.ts', 'export const greet = (name: string): string => `hello ${name}`;\n');
write('src/page.tsx', 'export const Page = () => <p>hi</p>;\n');
write('src/words/greet.test.ts', 'throw new Error("tests are not compiled");\n');
write('src/words/layout.html', '<p>asset</p>\n');
// The compiled page imports hono/jsx's runtime: point the throw-away project at this repository's.
symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
for (const file of ['src/main.ts', 'src/words/greet.ts', 'src/page.tsx', 'src/words/greet.test.ts', 'src/words/layout.html']) age(file);

test('the first call compiles every source into dist/ with its imports pointing at .js, copies assets, skips tests', async () => {
  assert.equal(await buildIfStale(root), true);
  const main = readFileSync(join(root, 'dist/main.js'), 'utf8');
  assert.match(main, /from "\.\/words\/greet\.js"/);
  assert.match(main, /from "\.\/page\.js"/);
  assert.doesNotMatch(main, /: string/, 'types are stripped');
  assert.ok(existsSync(join(root, 'dist/words/greet.js')), 'each source stays its own module');
  assert.equal(readFileSync(join(root, 'dist/words/layout.html'), 'utf8'), '<p>asset</p>\n');
  assert.equal(existsSync(join(root, 'dist/words/greet.test.js')), false);
  assert.equal(existsSync(join(root, '.herald-builds/lock')), false, 'the lock is released');
  assert.ok(lstatSync(join(root, 'dist')).isSymbolicLink());
  const run = spawnSync(process.execPath, [join(root, 'dist/main.js')], { encoding: 'utf8' });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout.trim(), 'hello Ada true');
});

test('a second call with nothing changed does not build', async () => {
  assert.equal(await buildIfStale(root), false);
});

test('a process that started on a build keeps its files when a newer build replaces dist', async () => {
  const running = realpathSync(join(root, 'dist'));
  write('src/words/greet.ts', 'export const greet = (name: string): string => `hej ${name}`;\n');
  assert.equal(await buildIfStale(root), true);
  assert.notEqual(realpathSync(join(root, 'dist')), running);
  assert.ok(existsSync(join(running, 'words/greet.js')), 'the older build is still there for it');
});

test('an input whose time went back (a restored file) or a changed tsconfig.json is rebuilt too', async () => {
  age('src/words/greet.ts');
  assert.equal(await buildIfStale(root), true, 'an older modification time is still a difference');
  write('tsconfig.json', '{ "compilerOptions": { "jsx": "react-jsx" } }');
  assert.equal(await buildIfStale(root), true);
  assert.equal(await buildIfStale(root), false);
});

test('a lock left by a builder that died is taken over', async () => {
  mkdirSync(join(root, '.herald-builds/lock'));
  writeFileSync(join(root, '.herald-builds/lock/pid'), '999999999');
  write('src/words/greet.ts', 'export const greet = (name: string): string => `hello ${name}`;\n');
  assert.equal(await buildIfStale(root), true);
});

test('only the newest three builds are kept', () => {
  const builds = readdirSync(join(root, '.herald-builds')).filter((name) => /^\d{6,}-\d+$/.test(name));
  assert.equal(builds.length, 3);
  assert.ok(builds.includes(realpathSync(join(root, 'dist')).split('/').pop()!), 'the build dist links to is one of them');
});

test('a changed source is rebuilt, and a removed one leaves dist/', async () => {
  write('src/words/greet.ts', 'export const greet = (name: string): string => `bonjour ${name}`;\n');
  rmSync(join(root, 'src/page.tsx'));
  write('src/main.ts', "import { greet } from './words/greet.ts';\nconsole.log(greet('Ada'));\n");
  assert.equal(await buildIfStale(root), true);
  assert.equal(existsSync(join(root, 'dist/page.js')), false);
  const run = spawnSync(process.execPath, [join(root, 'dist/main.js')], { encoding: 'utf8' });
  assert.equal(run.stdout.trim(), 'bonjour Ada');
});

test('processes that find dist/ stale at the same time build it once', async () => {
  write('src/words/greet.ts', 'export const greet = (name: string): string => `hallo ${name}`;\n');
  const results = await Promise.all([buildIfStale(root), buildIfStale(root), buildIfStale(root)]);
  assert.deepEqual(results.filter(Boolean).length, 1);
  const run = spawnSync(process.execPath, [join(root, 'dist/main.js')], { encoding: 'utf8' });
  assert.equal(run.stdout.trim(), 'hallo Ada');
});

test('a source that does not compile fails the build with its file named, and keeps the last good dist/', async () => {
  write('src/words/greet.ts', 'export const greet = (name: string: string => name;\n');
  await assert.rejects(buildIfStale(root), /greet\.ts/);
  assert.equal(existsSync(join(root, '.herald-builds/lock')), false, 'the lock is released after a failure');
  assert.deepEqual(readdirSync(join(root, '.herald-builds')).filter((name) => name.includes('.partial')), [], 'no half-built folder is left');
  assert.deepEqual(readdirSync(root).filter((name) => name.startsWith('dist.')), []);
  const run = spawnSync(process.execPath, [join(root, 'dist/main.js')], { encoding: 'utf8' });
  assert.equal(run.stdout.trim(), 'hallo Ada');
});
