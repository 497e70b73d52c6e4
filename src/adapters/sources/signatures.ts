// Signature primitives shared by the source adapters: HMAC over raw bytes and constant-time
// comparison of what the provider sent with what we computed.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from './source-adapter.ts';

export const VERIFIED: VerifyResult = Object.freeze({ ok: true });

export function refuse(reason: string): VerifyResult {
  return { ok: false, reason };
}

export function hmacSha256(key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

export function sha256(...parts: (string | Uint8Array)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Constant-time equality; different lengths are unequal (the length itself is not secret). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time equality of two strings' UTF-8 bytes. */
export function textEqual(a: string, b: string): boolean {
  // Hash both sides so that the comparison time does not even depend on the lengths.
  return bytesEqual(sha256(a), sha256(b));
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Strict base64 (standard alphabet, padding optional); null for anything else. */
export function decodeBase64(value: string): Buffer | null {
  const text = value.trim();
  if (text.length === 0 || text.length > 1024 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

export function decodeHex(value: string): Buffer | null {
  const text = value.trim();
  if (text.length > 1024 || !HEX.test(text)) return null;
  return Buffer.from(text, 'hex');
}
