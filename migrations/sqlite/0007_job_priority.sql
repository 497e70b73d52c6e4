-- Job priority, and two order-scoped indexes for the worker's context reads (below).
-- A claim takes the later stages of the notification pipeline first (dispatch, then send,
-- then workflow runs, then timers), so messages flow while runs are still queued
-- (src/core/jobs/job.ts, JOB_PRIORITY). Each level is claimed by its own range of
-- jobs_by_priority, so a million timers waiting for later still cost nothing.

ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET priority = CASE kind
  WHEN 'notification.dispatch' THEN 3
  WHEN 'webhook.call' THEN 3
  WHEN 'notification.send' THEN 2
  WHEN 'workflow.run' THEN 1
  ELSE 0
END;
CREATE INDEX jobs_by_priority ON jobs (priority, due_at) WHERE dead_at IS NULL;
-- It serves every due-time query (sql/jobs.ts), so the old one would only cost writes.
DROP INDEX jobs_by_due;

-- A run's (and a send's) context reads every notification and parcel of its order. Without
-- statistics SQLite answered both from the store-wide index (notifications_by_store, the
-- shipments primary key) and sorted: a scan of every row of the store per job, two thirds of
-- the worker's time under the default pack at 10,000 orders. These match WHERE and ORDER BY
-- exactly, so the planner takes them: a few rows per job.
CREATE INDEX notifications_by_order ON notifications (store_id, order_ref, created_at, id);
CREATE INDEX shipments_of_order ON shipments (store_id, order_ref, json_extract(body, '$.createdAt'), tracking_number) WHERE order_ref IS NOT NULL;
