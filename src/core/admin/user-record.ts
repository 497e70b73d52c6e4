// People who sign in to the operator dashboard (issue 8), their roles and their sessions. The
// password is kept only as a scrypt hash; a session only as the hash of its cookie.

export const USER_ROLES = ['owner', 'agent', 'viewer'] as const;
/** owner: everything incl. settings and team; agent: the review queue and orders; viewer: read only. */
export type UserRole = (typeof USER_ROLES)[number];

export interface UserRecord {
  id: string;
  storeId: string;
  /** Lower-case; unique per store. */
  email: string;
  name: string;
  role: UserRole;
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. */
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

export interface SessionRecord {
  /** SHA-256 of the cookie value, hex: a stolen database does not yield working cookies. */
  idHash: string;
  userId: string;
  storeId: string;
  /** Sent with every form as a hidden field and checked on every change. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** One counter of page visits (tracking pages, lookups) per store, day and page. */
export interface PageVisitCount {
  storeId: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** `tracking`, `tracking_json`, `lookup`, `lookup_failed`, `action`. */
  page: string;
  visits: number;
}
