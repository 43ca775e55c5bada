import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, extname, join, posix } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import iconv from 'iconv-lite'
import yauzl from 'yauzl'
import type { SourceFiles } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'
import { isValidUtf8 } from './text-decoder.js'
import { pickMain, type NamedFile, type PartRole } from './source-files.js'

/** Bounds that stop zip bombs and runaway archives before anything is written to disk. */
export interface ZipLimits {
  maxEntries: number
  /** Total uncompressed bytes of the whole archive. */
  maxBytes: number
  /** Largest uncompressed/compressed ratio for an entry above 1 MiB. */
  maxRatio: number
}

interface ZipItem extends NamedFile {
  entry: yauzl.Entry
}

const MiB = 1 << 20

/** Chinese Windows writes entry names in GBK without the UTF-8 flag; decode them either way. */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer
  if (typeof raw === 'string') return raw
  return (entry.generalPurposeBitFlag & 0x800) !== 0 || isValidUtf8(raw) ? raw.toString('utf8') : iconv.decode(raw, 'gbk')
}

/** An entry name that would land outside the extraction folder, if written as named. */
export function isUnsafePath(name: string): boolean {
  const normal = name.replace(/\\/g, '/')
  return normal.startsWith('/') || /^[A-Za-z]:/.test(normal) || normal.split('/').includes('..') || normal.includes('\0')
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false })
  } catch (error) {
    throw new ImportInputError(`The file is not a readable zip archive (${(error as Error).message}). Create the zip again, or upload the files without zipping.`)
  }
}

async function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<ZipItem[]> {
  if (zip.entryCount > limits.maxEntries) throw new ImportInputError(`The zip holds ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted. Zip only the layer's files.`)
  const items: ZipItem[] = []
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      zip.once('entry', resolve).once('end', () => resolve(null)).once('error', reject)
      zip.readEntry()
    }).catch((error: Error) => {
      throw new ImportInputError(`The zip archive is damaged (${error.message}). Create it again.`)
    })
    if (!entry) return items
    zip.removeAllListeners()
    const name = entryName(entry)
    if (isUnsafePath(name)) throw new ImportInputError(`The zip contains an entry with an unsafe path ("${name}") that points outside the archive; it was refused. Create the zip again from the layer's folder.`)
    if (!name.endsWith('/')) items.push({ name, entry })
  }
}

function checkSizes(items: ZipItem[], limits: ZipLimits): void {
  const total = items.reduce((sum, i) => sum + i.entry.uncompressedSize, 0)
  if (total > limits.maxBytes) throw new ImportInputError(`The zip expands to ${Math.round(total / MiB)} MiB, more than the ${Math.round(limits.maxBytes / MiB)} MiB allowed. Split the data or ask an administrator to raise IMPORT_ZIP_MAX_BYTES.`)
  for (const { name, entry } of items) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize)
    if (entry.uncompressedSize > MiB && ratio > limits.maxRatio) {
      throw new ImportInputError(`The zip entry "${name}" expands ${Math.round(ratio)} times (${Math.round(entry.uncompressedSize / MiB)} MiB from ${entry.compressedSize} bytes), as zip bombs do; it was refused.`)
    }
    if ((entry.generalPurposeBitFlag & 1) !== 0) throw new ImportInputError(`The zip entry "${name}" is password-protected; upload an unencrypted zip.`)
  }
}

/** Copy one entry to disk, counting bytes so a lying header cannot write more than declared. */
async function extractEntry(zip: yauzl.ZipFile, item: ZipItem, target: string): Promise<void> {
  let written = 0
  const limit = item.entry.uncompressedSize
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length
      done(written > limit ? new ImportInputError(`The zip entry "${item.name}" holds more data than its header declares; the archive was refused.`) : null, chunk)
    },
  })
  try {
    await pipeline(await zip.openReadStreamPromise(item.entry), counter, createWriteStream(target))
  } catch (error) {
    if (error instanceof ImportInputError) throw error
    throw new ImportInputError(`The zip entry "${item.name}" cannot be extracted (${(error as Error).message}); the archive is damaged. Create it again.`)
  }
}

/**
 * Check a zip (entry count, total size, compression ratio, unsafe paths) BEFORE extracting, pick the
 * layer in it (one .shp, or one GeoJSON file) and extract only that layer's files into `workDir`
 * under plain names.
 */
export async function extractSource(zipPath: string, workDir: string, limits: ZipLimits, wanted?: string): Promise<SourceFiles> {
  const zip = await openZip(zipPath)
  try {
    const items = await listEntries(zip, limits)
    checkSizes(items, limits)
    const picked = pickMain(items, wanted, 'The zip')
    await mkdir(workDir, { recursive: true })
    const files: Partial<Record<PartRole, string>> = {}
    for (const [role, item] of Object.entries(picked.parts) as [PartRole, ZipItem][]) {
      const ext = role === 'json' ? extname(item.name).toLowerCase() : `.${role}`
      files[role] = join(workDir, `${safeBase(picked.main.name)}${ext}`)
      await extractEntry(zip, item, files[role])
    }
    const { json, shp, ...sidecars } = files
    return { format: picked.format, main: (json ?? shp)!, ...sidecars, workDir }
  } finally {
    zip.close()
  }
}

function safeBase(name: string): string {
  const base = basename(posix.normalize(name.replace(/\\/g, '/'))).replace(/\.[^.]*$/, '')
  return base.replace(/[^\p{L}\p{N}_\- ]/gu, '_').slice(0, 80) || 'layer'
}
