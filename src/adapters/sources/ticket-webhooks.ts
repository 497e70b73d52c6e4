// How the help desk webhooks prove themselves, and what their bodies are. Most help desks sign
// nothing, so the merchant adds a credential header holding the source secret; each source lists
// the headers it accepts, and the first one sent decides.

import { decodeJsonBody, requireObject, type JsonObject } from './payload-readers.ts';
import { refuse, textEqual, VERIFIED } from './signatures.ts';
import type { SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';

/** The header tools that cannot sign send the source secret in. */
export const HERALD_TOKEN_HEADER = 'x-herald-token';

/** One way a webhook can prove itself: a header, and how its (trimmed, non-empty) value is checked. */
export interface Credential {
  header: string;
  check(value: string, secret: string, request: SourceRequest): VerifyResult;
}

/** What to say when no credential was sent, and when the source has no secret to compare with. */
export interface CredentialWords {
  missing: string;
  unconfigured: string;
}

/**
 * Refuses a request that carries none of the credentials' headers, or reaches a source with no
 * secret; otherwise the first credential whose header was sent decides.
 */
export function verifyCredentials(request: SourceRequest, secrets: SourceSecrets, credentials: readonly Credential[], words: CredentialWords): VerifyResult {
  for (const credential of credentials) {
    const value = request.headers[credential.header]?.trim();
    if (value === undefined || value === '') continue;
    if (secrets.secret === '') return refuse(words.unconfigured);
    return credential.check(value, secrets.secret, request);
  }
  return refuse(words.missing);
}

/** `X-Herald-Token: <secret>`, compared in constant time. */
export function heraldToken(mismatch: string): Credential {
  return { header: HERALD_TOKEN_HEADER, check: (value, secret) => (textEqual(value, secret) ? VERIFIED : refuse(mismatch)) };
}

/** The webhook's body, which must be a JSON object; a parse error naming the source otherwise. */
export function readTicketBody(source: string, request: SourceRequest): JsonObject {
  return requireObject(source, decodeJsonBody(source, request.body), 'body');
}
