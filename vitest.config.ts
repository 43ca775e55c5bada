import { defineConfig } from 'vitest/config'

// On a PostGIS server all test files share one database, and some tests look at database-wide state
// (staging tables, the job queue that every test app's runner polls, the full collection list), so
// files run one at a time there. On PGlite each file gets its own copy and files run in parallel.
const sharedDatabase = Boolean(process.env.DATABASE_URL)

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    fileParallelism: !sharedDatabase,
    // Two cores: one embedded database per worker is the most this machine runs well.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
})
