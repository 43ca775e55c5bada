import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { serverNodeFlags } from '../server/runtime-flags.js'

describe("the server's Node flags", () => {
  it('are the same in `npm run serve` (which the bench uses) and in the Docker image', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'))
    expect(cmd, 'Dockerfile CMD in exec form').not.toBeNull()
    const argv = JSON.parse(cmd![1]!) as string[]
    expect(argv).toEqual(['node', ...serverNodeFlags(), '--import', 'tsx', 'server/server.ts'])
    expect(serverNodeFlags()).toContain('--single-threaded-gc')
  })

  it('are accepted by this Node', () => {
    const run = spawnSync(process.execPath, [...serverNodeFlags(), '-e', 'process.exit(7)'], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(7)
  })
})
