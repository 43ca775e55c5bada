import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { JobRunner } from './job-runner.js'
import jobsRoutes from './jobs.routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The job runner of this process: other plugins register their handlers on it. */
    jobs: JobRunner
  }
}

/**
 * Persisted jobs: the runner (started when the app is ready, if JOB_RUNNER is set; stopped, with
 * running jobs rolled back, when it closes) and the /api/jobs routes.
 */
async function jobsPlugin(app: FastifyInstance): Promise<void> {
  const { config } = app
  const runner = new JobRunner(app.db, {
    concurrency: config.JOB_CONCURRENCY,
    pollMs: config.JOB_POLL_MS,
    heartbeatMs: config.JOB_HEARTBEAT_MS,
    staleMs: config.JOB_STALE_MS,
    log: (level, message, detail) => app.log[level]({ err: detail }, message),
  })
  app.decorate('jobs', runner)
  if (config.JOB_RUNNER) {
    app.addHook('onReady', () => runner.start())
    app.addHook('onClose', () => runner.stop())
  }
  await app.register(jobsRoutes, { prefix: '/api' })
}

export default fp(jobsPlugin, { name: 'jobs' })
