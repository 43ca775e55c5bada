import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DICTIONARY_DIR, readDictionaryFiles } from '../server/dictionaries/dictionary-files.js'
import {
  codesInGroup, dictionaryBundle, fileKcxs, findCode, isCultivated, landClass2023, landClassName, landGroup, sandaleiOf,
} from '../server/dictionaries/land-classes.js'

const copies: string[] = []
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A copy of data/dictionaries/ with one file changed by `edit`. */
function copyWith(file: string, edit: (json: Record<string, unknown[]>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-dict-'))
  copies.push(dir)
  cpSync(DICTIONARY_DIR, dir, { recursive: true })
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  edit(json)
  writeFileSync(join(dir, file), JSON.stringify(json))
  return dir
}

describe('dictionary files', () => {
  it('read and validate as shipped', () => {
    const bundle = readDictionaryFiles()
    expect(bundle.dictionaries.map((d) => d.id)).toContain('sandiao')
    expect(bundle.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(readDictionaryFiles().contentHash).toBe(bundle.contentHash)
  })

  it('change their hash when any file changes', () => {
    const dir = copyWith('codes/gdlx.json', (j) => {
      (j.codes[0] as { name_en: string }).name_en = 'Terraces'
    })
    expect(readDictionaryFiles(dir).contentHash).not.toBe(dictionaryBundle().contentHash)
  })

  it.each([
    ['a duplicated code', 'codes/sandiao.json', (j: Record<string, unknown[]>) => j.codes.push(j.codes[1]), /listed twice/],
    ['a missing parent', 'codes/ydyh2023.json', (j: Record<string, unknown[]>) => j.codes.push({ code: '9901', name_zh: 'x', name_en: 'x', level: 2, parent: '99', group: '其他' }), /parent 99/],
    ['an unknown group', 'codes/sandiao.json', (j: Record<string, unknown[]>) => Object.assign(j.codes[1] as object, { group: '牧场' }), /unknown group/],
    ['an unconfirmed code without a note', 'codes/gdlx.json', (j: Record<string, unknown[]>) => Object.assign(j.codes[0] as object, { unconfirmed: true }), /needs a note/],
    ['two exact targets', 'crosswalk/sandiao-ydyh2023.json', (j: Record<string, unknown[]>) => j.links.push({ from: '0101', to: '0102', relation: 'same_code', exact: true }), /two exact targets/],
    ['a link to a missing code', 'crosswalk/sandiao-ydyh2023.json', (j: Record<string, unknown[]>) => j.links.push({ from: '0101', to: '9999', relation: 'candidate' }), /both codes must exist/],
    ['a KCXS for grade 1', 'kcxs/default.json', (j: Record<string, unknown[]>) => j.entries.push({ region: '*', gdlx: 'TT', gdpdjb: 1, kcxs: 0.01 }), /gdpdjb must be 2–5/],
    ['a KCXS key given twice', 'kcxs/default.json', (j: Record<string, unknown[]>) => j.entries.push(j.entries[0]), /given twice/],
  ])('refuse %s, naming the problem', (_name, file, edit, message) => {
    expect(() => readDictionaryFiles(copyWith(file, edit))).toThrow(message)
  })

  it('name the file that is not valid JSON', () => {
    const dir = copyWith('codes/qllx.json', () => undefined)
    writeFileSync(join(dir, 'codes/qllx.json'), '{ "id": ')
    expect(() => readDictionaryFiles(dir)).toThrow(/codes\/qllx\.json/)
  })
})

describe('TypeScript lookups', () => {
  it('find names, groups and 三大类 of DLBM values, ignoring padding', () => {
    expect(landClassName('0101')).toBe('水田')
    expect(landClassName('0101', 'ydyh2023')).toBe('水田')
    expect(landClassName('1301')).toBe('临时用地')
    expect(landClassName('1301', 'ydyh2023')).toBe('供水用地')
    expect(landGroup(' 0305 ')).toBe('林地')
    expect(isCultivated('0103')).toBe(true)
    expect(isCultivated('0201K')).toBe(false)
    expect(sandaleiOf('0603')).toBe('建设用地')
    expect(landGroup('nope')).toBeUndefined()
    expect(findCode('tblx', '3')?.code).toBe('03')
  })

  it('list the codes of a group and convert to 2023', () => {
    expect(codesInGroup('耕地', 'sandiao', 2).map((c) => c.code)).toEqual(['0101', '0102', '0103'])
    expect(codesInGroup('林地', 'ydyh2023', 2).map((c) => c.code)).toEqual(['0301', '0302', '0303', '0304'])
    expect(landClass2023('1101')).toBe('1701')
    expect(landClass2023('0810')).toBeNull()
  })

  it('read 田坎 coefficients from the files: none for grade 1, the default elsewhere', () => {
    const tt3 = dictionaryBundle().kcxs[0]!.entries.find((e) => e.gdlx === 'TT' && e.gdpdjb === 3)!.kcxs
    expect(fileKcxs('TT', '1')).toBe(0)
    expect(fileKcxs('tt', '03', '640323')).toBe(tt3)
    expect(fileKcxs('', 3)).toBeNull()
  })
})
