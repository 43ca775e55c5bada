import type { Crosswalk, Dictionary, DictionaryBundle, KcxsTable } from './dictionary.types.js'

/** Ids the routes use for other resources under /api/dictionaries/. */
const RESERVED_IDS = new Set(['crosswalk', 'kcxs'])

/**
 * Cross-file checks: unique ids and codes, every parent/base/crosswalk code exists, one exact
 * crosswalk target per code, one KCXS value per key. Throws naming the file's subject.
 */
export function validateBundle(bundle: DictionaryBundle): void {
  const ids = new Set<string>()
  for (const d of bundle.dictionaries) {
    if (!/^[a-z][a-z0-9_]*$/.test(d.id) || RESERVED_IDS.has(d.id)) throw new Error(`dictionary id "${d.id}" must be lower-case [a-z0-9_] and not ${[...RESERVED_IDS].join('/')}`)
    if (ids.has(d.id)) throw new Error(`dictionary id "${d.id}" is used by two files`)
    ids.add(d.id)
    validateDictionary(d)
  }
  for (const c of bundle.crosswalks) validateCrosswalk(c, bundle.dictionaries)
  validateKcxs(bundle.kcxs)
}

function validateDictionary(d: Dictionary): void {
  const byCode = new Map(d.codes.map((c) => [c.code, c]))
  if (byCode.size !== d.codes.length) throw new Error(`dictionary ${d.id}: a code is listed twice`)
  for (const c of d.codes) {
    const where = `dictionary ${d.id}, code ${c.code}`
    if ((c.level === 1) !== (c.parent === null)) throw new Error(`${where}: exactly the level-1 codes have no parent`)
    const parent = c.parent === null ? undefined : byCode.get(c.parent)
    if (c.parent !== null && !parent) throw new Error(`${where}: parent ${c.parent} is not in the dictionary`)
    if (parent && parent.level >= c.level) throw new Error(`${where}: parent ${c.parent} must be a higher level`)
    if (c.base !== null && !byCode.has(c.base)) throw new Error(`${where}: base ${c.base} is not in the dictionary`)
    for (const a of c.aliases) if (byCode.has(a)) throw new Error(`${where}: alias ${a} is also a code`)
  }
}

function validateCrosswalk(c: Crosswalk, dictionaries: Dictionary[]): void {
  const from = dictionaries.find((d) => d.id === c.from)
  const to = dictionaries.find((d) => d.id === c.to)
  if (!from || !to) throw new Error(`crosswalk ${c.from} → ${c.to}: both dictionaries must exist`)
  const fromCodes = new Set(from.codes.map((x) => x.code))
  const toCodes = new Set(to.codes.map((x) => x.code))
  const pairs = new Set<string>()
  const exact = new Set<string>()
  for (const l of c.links) {
    const where = `crosswalk ${c.from} → ${c.to}, link ${l.from} → ${l.to}`
    if (!fromCodes.has(l.from) || !toCodes.has(l.to)) throw new Error(`${where}: both codes must exist`)
    if (pairs.has(`${l.from}>${l.to}`)) throw new Error(`${where}: listed twice`)
    pairs.add(`${l.from}>${l.to}`)
    if (l.exact && exact.has(l.from)) throw new Error(`${where}: ${l.from} has two exact targets`)
    if (l.exact && l.relation === 'candidate') throw new Error(`${where}: a candidate link cannot be exact`)
    if (l.exact) exact.add(l.from)
  }
}

function validateKcxs(tables: KcxsTable[]): void {
  const keys = new Set<string>()
  for (const t of tables) {
    for (const e of t.entries) {
      const key = `${e.region}/${e.gdlx}/${e.gdpdjb}`
      if (keys.has(key)) throw new Error(`KCXS ${key} is given twice (table ${t.source})`)
      keys.add(key)
    }
  }
}
