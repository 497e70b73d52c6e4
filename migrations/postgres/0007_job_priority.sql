-- Job priority: a claim takes the later stages of the notification pipeline first (dispatch,
-- then send, then workflow runs, then timers), so messages flow while runs are still queued
-- (src/core/jobs/job.ts, JOB_PRIORITY). Each level is claimed by its own range of this index,
-- so a million timers waiting for later still cost nothing.

ALTER TABLE jobs ADD COLUMN priority integer NOT NULL DEFAULT 0;
UPDATE jobs SET priority = CASE kind
  WHEN 'notification.dispatch' THEN 3
  WHEN 'webhook.call' THEN 3
  WHEN 'notification.send' THEN 2
  WHEN 'workflow.run' THEN 1
  ELSE 0
END;
CREATE INDEX jobs_by_priority ON jobs (priority, due_at) WHERE dead_at IS NULL;
