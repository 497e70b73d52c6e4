#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=256
// Runs the TypeScript CLI through tsx's loader, so `npx herald` works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
