-- Long work (imports, whole-layer checks) as persisted jobs: a person can follow progress, cancel,
-- and find the outcome after a server restart. Runners claim queued jobs with
-- SELECT … FOR UPDATE SKIP LOCKED, so several OneMap instances can share the table.
CREATE TABLE onemap.jobs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Which handler runs it, e.g. 'import'.
  kind             text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
  state            text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  title            text NOT NULL DEFAULT '',
  -- What the job was asked to do (for an import: the request and the inspected plan).
  params           jsonb NOT NULL DEFAULT '{}',
  -- {stage, done, total, percent, …}: updated while running.
  progress         jsonb NOT NULL DEFAULT '{}',
  -- The handler's outcome (for an import: the import report).
  result           jsonb,
  -- Why it failed, in words a person can act on.
  error            text,
  cancel_requested boolean NOT NULL DEFAULT false,
  -- The instance (host:pid:boot) running it; a stale heartbeat means that instance is gone.
  worker           text,
  heartbeat_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_queued_idx ON onemap.jobs (created_at) WHERE state = 'queued';
CREATE INDEX jobs_running_idx ON onemap.jobs (heartbeat_at) WHERE state = 'running';
CREATE INDEX jobs_created_idx ON onemap.jobs (created_at DESC);
