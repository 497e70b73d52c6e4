-- Providers' rate-limit buckets, shared by every Herald process on this database
-- (src/core/channels/token-bucket.ts; src/adapters/store/postgres/sql/rate-buckets.ts): tokens
-- left as of `at_ms` (negative when future slots are promised). `took` is whether the last
-- take-if-there (the send guard) found a token.

CREATE TABLE rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at_ms bigint NOT NULL,
  took boolean NOT NULL DEFAULT true
);
