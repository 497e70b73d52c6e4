// Writes Herald's default email layout, compiled from MJML, next to its source
// (src/adapters/channels/default-email-layout.html). Shipping the compiled HTML spares every
// process the MJML compiler (about 60 MB resident) until a merchant saves a layout of their own.
// Run it after changing DEFAULT_EMAIL_LAYOUT; test/channels/email-layout.test.ts fails until then.
//
//   npx tsx scripts/compile-default-email-layout.ts

import { writeFileSync } from 'node:fs';
import { compileEmailLayout, DEFAULT_EMAIL_LAYOUT, DEFAULT_EMAIL_LAYOUT_FILE } from '../src/adapters/channels/email-layout.ts';

const compiled = await compileEmailLayout(DEFAULT_EMAIL_LAYOUT);
if (!compiled.ok) throw new Error(`the default email layout does not compile: ${compiled.problems.join('; ')}`);
writeFileSync(DEFAULT_EMAIL_LAYOUT_FILE, compiled.html);
console.log(`wrote ${DEFAULT_EMAIL_LAYOUT_FILE}`);
