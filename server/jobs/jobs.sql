-- name: insert
INSERT INTO onemap.jobs (kind, title, params, state, worker, started_at, heartbeat_at)
VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'running' THEN now() END, CASE WHEN $4 = 'running' THEN now() END)
RETURNING *

-- name: claim
UPDATE onemap.jobs SET state = 'running', worker = $1, started_at = now(), heartbeat_at = now(), updated_at = now()
WHERE id = (
  SELECT id FROM onemap.jobs
  WHERE state = 'queued' AND kind = ANY($2::text[])
  ORDER BY created_at
  FOR UPDATE SKIP LOCKED
  LIMIT 1
)
RETURNING *

-- name: progress
UPDATE onemap.jobs SET progress = $3, heartbeat_at = now(), updated_at = now()
WHERE id = $1 AND worker = $2 AND state = 'running'
RETURNING cancel_requested

-- name: heartbeat
UPDATE onemap.jobs SET heartbeat_at = now()
WHERE id = $1 AND worker = $2 AND state = 'running'
RETURNING cancel_requested

-- name: finish
UPDATE onemap.jobs SET state = $3, result = $4, error = $5, progress = progress || $6, finished_at = now(), updated_at = now()
WHERE id = $1 AND worker = $2 AND state = 'running'
RETURNING *

-- name: cancel
UPDATE onemap.jobs SET
  state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,
  error = CASE WHEN state = 'queued' THEN $2 ELSE error END,
  finished_at = CASE WHEN state = 'queued' THEN now() ELSE finished_at END,
  cancel_requested = true,
  updated_at = now()
WHERE id = $1 AND state IN ('queued', 'running')
RETURNING *

-- name: get
SELECT * FROM onemap.jobs WHERE id = $1

-- name: list
SELECT * FROM onemap.jobs
WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)
ORDER BY created_at DESC
LIMIT $3

-- name: remove
DELETE FROM onemap.jobs WHERE id = $1 AND state IN ('succeeded', 'failed', 'cancelled')
RETURNING id

-- name: failStale
UPDATE onemap.jobs SET state = 'failed', error = $1, finished_at = now(), updated_at = now()
WHERE state = 'running' AND worker IS DISTINCT FROM $3
  AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2::float8 / 1000))
RETURNING *
