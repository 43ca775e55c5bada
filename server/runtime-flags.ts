import { readFileSync } from 'node:fs'

/**
 * The Node flags OneMap's server runs with, read from the `serve` script in package.json (the one
 * place they are written; the Dockerfile repeats them and a test keeps the two equal). The bench
 * starts its servers with them, so it measures the server as deployed. docs/operations.md says why
 * each flag is there.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> }
  const serve = pkg.scripts?.serve ?? ''
  const match = /^node((?: --[\w-]+(?:=\S+)?)*) --import tsx server\/server\.ts$/.exec(serve)
  if (!match) throw new Error(`package.json "serve" should be "node [--flags] --import tsx server/server.ts", got "${serve}"`)
  return match[1]!.trim().split(' ').filter(Boolean)
}
