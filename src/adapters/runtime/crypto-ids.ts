// Ids and secrets from node:crypto: time-ordered ids (sortable, like ULIDs) and random tokens.
// An id is the time, a per-process random part and a counter: unique without a syscall per id.

import { randomBytes } from 'node:crypto';
import type { IdSource } from '../../core/ports/ids.ts';

const processPart = randomBytes(5).toString('hex');
let counter = 0;

export const cryptoIds: IdSource = {
  newId(prefix) {
    counter = (counter + 1) % 0x1000000;
    return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${processPart}${counter.toString(36).padStart(5, '0')}`;
  },
  secretToken(bytes) {
    return randomBytes(bytes).toString('base64url');
  },
};
