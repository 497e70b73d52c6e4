#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=256
// Herald's launcher (`npm start`, `npx herald`): compiles src/ into dist/ when a source changed
// (bin/build.js, well under a second), then runs the compiled CLI. Plain JavaScript keeps the
// TypeScript loader out of the process. Stack traces still name the TypeScript sources.
import { buildIfStale } from './build.js';

process.setSourceMapsEnabled(true);
await buildIfStale();
await import('../dist/cli/main.js');
