// Dashboard users: create them with a role, check a password, and keep sessions. Passwords are
// hashed with scrypt (N=16384, r=8, p=1, 16-byte salt) and compared in constant time; a session
// cookie is 32 random bytes of which the store keeps only the SHA-256.

import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { USER_ROLES, type SessionRecord, type UserRecord, type UserRole } from '../core/admin/user-record.ts';
import { ConflictError, ValidationError } from '../core/errors.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { Store } from '../core/ports/store.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const COST = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;
/** A session lasts this long after sign-in. */
export const SESSION_TTL_MS = 12 * 3_600_000;
const MIN_PASSWORD = 10;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_BYTES, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: COST.maxmem });
  return timingSafeEqual(actual, expected);
}

export interface NewUser {
  storeId: string;
  email: string;
  name: string;
  role: string;
  password: string;
}

export async function createUser(deps: { store: Store; clock: Clock; ids: IdSource }, input: NewUser): Promise<UserRecord> {
  const issues = [];
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issues.push({ field: 'email', reason: 'must be an email address' });
  if (input.name.trim() === '') issues.push({ field: 'name', reason: 'must not be empty' });
  if (!(USER_ROLES as readonly string[]).includes(input.role)) issues.push({ field: 'role', reason: `must be one of ${USER_ROLES.join(', ')}` });
  if (input.password.length < MIN_PASSWORD) issues.push({ field: 'password', reason: `must be at least ${MIN_PASSWORD} characters` });
  if (issues.length > 0) throw new ValidationError('the user is not valid', issues);
  const user: UserRecord = { id: deps.ids.newId('usr'), storeId: input.storeId, email, name: input.name.trim(), role: input.role as UserRole, passwordHash: await hashPassword(input.password), createdAt: isoAt(deps.clock.nowMs()), disabledAt: null };
  if (!(await deps.store.admin.createUser(user))) throw new ConflictError(`store '${input.storeId}' already has a user ${email}`);
  return user;
}

/** Check an email and password; a new session (cookie value and record) when they match an active user. */
export async function signIn(deps: { store: Store; clock: Clock }, storeId: string, email: string, password: string): Promise<{ cookie: string; session: SessionRecord; user: UserRecord } | null> {
  const user = await deps.store.admin.findUserByEmail(storeId, email.trim().toLowerCase());
  // Hash anyway when there is no such user, so timing does not tell which emails exist.
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await hashPassword(password), false);
  if (!user || !ok || user.disabledAt !== null) return null;
  const cookie = randomBytes(32).toString('base64url');
  const nowMs = deps.clock.nowMs();
  const session: SessionRecord = { idHash: sessionHash(cookie), userId: user.id, storeId, csrfToken: randomBytes(24).toString('base64url'), createdAt: isoAt(nowMs), expiresAt: isoAt(nowMs + SESSION_TTL_MS) };
  await deps.store.admin.createSession(session);
  return { cookie, session, user };
}

/** The session and user behind a cookie, when it is valid and not expired. */
export async function sessionOf(deps: { store: Store; clock: Clock }, cookie: string | undefined): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  if (!cookie || cookie.length > 200) return null;
  const session = await deps.store.admin.getSession(sessionHash(cookie));
  if (!session || Date.parse(session.expiresAt) <= deps.clock.nowMs()) return null;
  const user = await deps.store.admin.getUser(session.userId);
  if (!user || user.disabledAt !== null) return null;
  return { session, user };
}

export async function signOut(store: Store, cookie: string | undefined): Promise<void> {
  if (cookie) await store.admin.deleteSession(sessionHash(cookie));
}

export function sessionHash(cookie: string): string {
  return createHash('sha256').update(cookie).digest('hex');
}
