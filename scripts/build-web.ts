/**
 * Builds the web client (web/ → web/dist) with Vite.
 *
 *   npm run build:web                 always build
 *   npm run build:web -- --if-missing build only when web/dist is missing or older than a source file
 *
 * `npm start` uses --if-missing; the browser test calls ensureWebBuilt() from here.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const WEB_ROOT = join(REPO_ROOT, 'web')
export const WEB_DIST = join(WEB_ROOT, 'dist')
const VITE_CONFIG = join(REPO_ROOT, 'vite.config.ts')
/** Written last by a build, so its time stamps the build as a whole. */
const BUILD_MARKER = join(WEB_DIST, 'index.html')

/** Newest modification time (ms) of the files in a folder, skipping `skip` folders. */
function newestMtime(dir: string, skip: string[]): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (skip.includes(path)) continue
    const mtime = entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs
    newest = Math.max(newest, mtime)
  }
  return newest
}

/** True when web/dist exists and is newer than every file in web/ and the Vite config. */
export function webBuildIsFresh(): boolean {
  if (!existsSync(BUILD_MARKER)) return false
  const sources = Math.max(newestMtime(WEB_ROOT, [WEB_DIST]), statSync(VITE_CONFIG).mtimeMs)
  return statSync(BUILD_MARKER).mtimeMs > sources
}

/** Runs `vite build` with the repository's vite.config.ts. */
export async function buildWeb(options: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite')
  await build({ configFile: VITE_CONFIG, logLevel: options.quiet ? 'warn' : 'info', mode: 'production' })
}

/** Builds unless the current build is fresh. Returns whether it built. */
export async function ensureWebBuilt(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (webBuildIsFresh()) return false
  await buildWeb(options)
  return true
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--if-missing')) {
    const built = await ensureWebBuilt({ quiet: true })
    if (built) console.log(`[onemap] built the web client into ${WEB_DIST}`)
    return
  }
  await buildWeb()
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error('[onemap] could not build the web client:', error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
