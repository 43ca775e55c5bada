import { mkdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobContext } from '../server/jobs/job-runner.js'
import { jobsRepository } from '../server/jobs/jobs.repository.js'
import { buildApp } from '../server/app.js'
import { openTestApp, type TestApp } from './helpers/test-app.js'
import { tempDir } from './import-helpers.js'

let t: TestApp
let idle: TestApp
const tmp = tempDir()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A job kind for these tests: reports progress until it is told to finish or is aborted. */
const finishes = new Set<string>()
async function waitingJob({ job, signal, progress }: JobContext): Promise<unknown> {
  for (let i = 0; !finishes.has(job.id); i++) {
    signal.throwIfAborted()
    await progress({ stage: 'waiting', done: i, total: 0, percent: 0 }, true)
    await sleep(15)
  }
  return { finished: true }
}

beforeAll(async () => {
  t = await openTestApp({ JOB_POLL_MS: 50, JOB_HEARTBEAT_MS: 100, JOB_STALE_MS: 60_000 })
  t.app.jobs.register('test_wait', { run: waitingJob })
  await t.app.ready()
  idle = await openTestApp({ JOB_RUNNER: false })
  idle.app.jobs.register('test_idle', { run: async () => ({}) })
})
afterAll(async () => {
  await t?.close()
  await idle?.close()
  tmp.cleanup()
})

async function untilState(app: TestApp, id: string, states: string[]) {
  for (;;) {
    const j = (await app.app.inject({ url: `/api/jobs/${id}` })).json()
    if (states.includes(j.state)) return j
    await sleep(15)
  }
}

describe('/api/jobs', () => {
  it('lists jobs newest first, filtered by state and kind, and shows one job', async () => {
    const a = await jobsRepository.insert(idle.db, { kind: 'test_idle', title: 'a', params: {} })
    const b = await jobsRepository.insert(idle.db, { kind: 'test_idle', title: 'b', params: {} })
    const list = (await idle.app.inject({ url: '/api/jobs?kind=test_idle&state=queued&limit=500' })).json()
    const ids = list.jobs.map((j: { id: string }) => j.id)
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id))
    expect(list.jobs.every((j: { kind: string; state: string }) => j.kind === 'test_idle' && j.state === 'queued')).toBe(true)
    const one = (await idle.app.inject({ url: `/api/jobs/${a.id}` })).json()
    expect(one).toMatchObject({ id: a.id, kind: 'test_idle', state: 'queued', title: 'a', error: null, result: null, links: { self: `/api/jobs/${a.id}`, cancel: `/api/jobs/${a.id}/cancel` } })
  })

  it('answers 404 for an unknown job and 400 for a malformed id or filter', async () => {
    const missing = await idle.app.inject({ url: '/api/jobs/00000000-0000-4000-8000-000000000000' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().detail).toMatch(/no job/)
    expect((await idle.app.inject({ url: '/api/jobs/not-a-uuid' })).statusCode).toBe(400)
    expect((await idle.app.inject({ url: '/api/jobs?state=sleeping' })).statusCode).toBe(400)
    expect((await idle.app.inject({ url: '/api/jobs?limit=0' })).statusCode).toBe(400)
  })

  it('cancels a queued job at once; a second cancel is a 409', async () => {
    const job = await jobsRepository.insert(idle.db, { kind: 'test_idle', title: 'q', params: {} })
    const res = await idle.app.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel` })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toMatchObject({ state: 'cancelled', error: expect.stringMatching(/before it started/) })
    const again = await idle.app.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel` })
    expect(again.statusCode).toBe(409)
    expect(again.json().detail).toMatch(/already finished \(cancelled\)/)
  })

  it('DELETE cancels an active job and removes a finished one', async () => {
    const job = await jobsRepository.insert(idle.db, { kind: 'test_idle', title: 'd', params: {} })
    expect((await idle.app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).json().state).toBe('cancelled')
    expect((await idle.app.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` })).statusCode).toBe(204)
    expect((await idle.app.inject({ url: `/api/jobs/${job.id}` })).statusCode).toBe(404)
  })
})

describe('the runner', () => {
  it('runs a queued job, with progress visible while it runs, to success', async () => {
    const job = await jobsRepository.insert(t.db, { kind: 'test_wait', title: 'w', params: {} })
    t.app.jobs.wake()
    const running = await untilState(t, job.id, ['running'])
    expect(running.startedAt).not.toBeNull()
    for (;;) {
      const j = (await t.app.inject({ url: `/api/jobs/${job.id}` })).json()
      if (j.progress.done > 1) break
      await sleep(15)
    }
    finishes.add(job.id)
    const done = await untilState(t, job.id, ['succeeded', 'failed'])
    expect(done).toMatchObject({ state: 'succeeded', result: { finished: true }, progress: { stage: 'done', percent: 100 } })
    expect(done.finishedAt).not.toBeNull()
  })

  it('cancels a running job through the API: it stops at its next step', async () => {
    const job = await jobsRepository.insert(t.db, { kind: 'test_wait', title: 'c', params: {} })
    t.app.jobs.wake()
    await untilState(t, job.id, ['running'])
    expect((await t.app.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel` })).statusCode).toBe(202)
    expect(await untilState(t, job.id, ['cancelled', 'failed', 'succeeded'])).toMatchObject({ state: 'cancelled', error: expect.stringMatching(/Cancelled on request/) })
  })

  it('marks a job failed, and says so, when the server shuts down while it runs', async () => {
    const other = await openTestApp({ JOB_POLL_MS: 50 })
    other.app.jobs.register('test_wait2', { run: waitingJob })
    await other.app.ready()
    const job = await jobsRepository.insert(other.db, { kind: 'test_wait2', title: 's', params: {} })
    other.app.jobs.wake()
    await untilState(other, job.id, ['running'])
    await other.app.close()
    const row = await jobsRepository.get(other.db, job.id)
    await other.db.close()
    expect(row).toMatchObject({ state: 'failed', error: expect.stringMatching(/shut down while this job ran; nothing was changed/) })
  })
})

describe('a restart never loses a job', () => {
  it('marks an import left running by a dead server as failed, and drops its staging table and files', async () => {
    const db = idle.db
    const workDir = join(tmp.dir, 'upload-of-dead-job')
    mkdirSync(workDir, { recursive: true })
    const job = await jobsRepository.insert(db, { kind: 'import', title: 'dead', params: { workDir }, running: { worker: 'gone-host:1:dead' } })
    const stage = `imp_${job.id.replace(/-/g, '')}`
    await db.exec(`CREATE TABLE data.${stage} (fid bigserial PRIMARY KEY)`)
    // The server that ran it stopped heart-beating ten minutes ago.
    await db.query(`UPDATE onemap.jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [job.id])
    // A new server process on the same database: the embedded one allows one process, so share the handle.
    const restarted = await buildApp({ config: { ...idle.config, JOB_RUNNER: true }, db })
    try {
      await restarted.ready()
      // Any instance may notice first (the test's other app polls too); wait for the clean-up to end.
      while (existsSync(workDir)) await sleep(10)
      const row = await jobsRepository.get(db, job.id)
      expect(row).toMatchObject({ state: 'failed', error: expect.stringMatching(/stopped before it finished.*nothing was changed.*Start the job again/) })
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'data' AND tablename = $1`, [stage])
      expect(rows[0]!.n).toBe(0)
    } finally {
      await restarted.close()
    }
  })

  it.runIf(!!process.env.DATABASE_URL)('on PostGIS, leaves alone a job another live instance is running (fresh heartbeat)', async () => {
    const job = await jobsRepository.insert(idle.db, { kind: 'test_idle', title: 'live', params: {}, running: { worker: 'other-instance:1:live' } })
    const restarted = await openTestApp()
    try {
      await restarted.app.ready()
      expect((await jobsRepository.get(idle.db, job.id))!.state).toBe('running')
    } finally {
      await restarted.close()
      await idle.db.query(`UPDATE onemap.jobs SET state = 'failed', error = 'test cleanup' WHERE id = $1`, [job.id])
    }
  })

  it.runIf(!!process.env.DATABASE_URL)('on PostGIS, two instances sharing the queue run each job once (FOR UPDATE SKIP LOCKED)', async () => {
    const ran = new Map<string, string[]>()
    const apps = await Promise.all([openTestApp({ JOB_POLL_MS: 50, JOB_CONCURRENCY: 2 }), openTestApp({ JOB_POLL_MS: 50, JOB_CONCURRENCY: 2 })])
    try {
      for (const a of apps) {
        a.app.jobs.register('test_once', { run: async ({ job }) => {
          ran.set(job.id, [...(ran.get(job.id) ?? []), a.app.jobs.worker])
          await sleep(10)
          return {}
        } })
        await a.app.ready()
      }
      const jobs = await Promise.all(Array.from({ length: 12 }, (_, i) => jobsRepository.insert(apps[0]!.db, { kind: 'test_once', title: `j${i}`, params: {} })))
      for (const j of jobs) await untilState(apps[0]!, j.id, ['succeeded'])
      expect(jobs.every((j) => ran.get(j.id)?.length === 1)).toBe(true)
    } finally {
      for (const a of apps) await a.close()
    }
  })
})
