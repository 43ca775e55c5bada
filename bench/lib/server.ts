import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { Config } from '../../server/config/config.js'
import { serverNodeFlags } from '../../server/runtime-flags.js'
import type { BenchServer } from './types.js'

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url))

async function startInstance(config: Config): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(ENTRY, [], { execArgv: [...serverNodeFlags(), '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  child.send(config)
  const exited = once(child, 'exit').then(() => Promise.reject(new Error('the OneMap server process exited before listening')))
  const [ready] = (await Promise.race([once(child, 'message'), exited])) as [{ url: string }]
  return { url: ready.url, child }
}

async function stopInstance(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit')
  child.send('close')
  await exited
}

/**
 * The real OneMap app listening on 127.0.0.1 (free ports) as `instances` separate processes, each
 * with its own pool on the bench database and the Node flags of `npm run serve`, as OneMap is
 * deployed (stateless instances behind a load balancer). The bench's client spreads requests over `urls`.
 */
export async function startServer(config: Config, overrides: Partial<Config> = {}, instances = 1): Promise<BenchServer> {
  const started = await Promise.all(Array.from({ length: instances }, () => startInstance({ ...config, ...overrides })))
  return {
    url: started[0]!.url,
    urls: started.map((s) => s.url),
    close: async () => {
      await Promise.all(started.map((s) => stopInstance(s.child)))
    },
  }
}
