-- Each store's count of events, kept by the store in the transaction that inserts them
-- (src/adapters/store/postgres/sql/events.ts, docs/postgres.md "Event counts"): `/v1/status` and
-- `herald status` sum a few rows instead of counting the event log, a scan of the whole store's
-- log per call. Rows are per month of received_at, so a month dropped by retention takes its
-- counts with it, and per shard (the writing connection's backend pid modulo 64), so concurrent
-- writers of one store seldom wait for each other on one row. Filled once from the log, here.

CREATE TABLE event_counts (
  store_id text NOT NULL,
  month date NOT NULL,
  shard smallint NOT NULL,
  events bigint NOT NULL,
  PRIMARY KEY (store_id, month, shard)
);

INSERT INTO event_counts (store_id, month, shard, events)
SELECT store_id, date_trunc('month', received_at AT TIME ZONE 'UTC')::date, 0, count(*) FROM events GROUP BY 1, 2;
