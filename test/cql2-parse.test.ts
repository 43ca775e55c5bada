import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Cql2Error, CQL2_LIMITS, parseCql2Json, parseCql2Text, parseFilter } from '../server/cql2/index.js'
import { ATS_DIR } from './cql2-ats-data.js'

// The CQL2 examples of the standard, each in CQL2 Text and CQL2 JSON (testdata/ogc-cql2-ats/examples).
const EXAMPLES = `${ATS_DIR}examples/`
const textExamples = readdirSync(`${EXAMPLES}text`).map((f) => f.replace(/\.txt$/, ''))
const jsonExamples = new Set(readdirSync(`${EXAMPLES}json`).map((f) => f.replace(/\.json$/, '')))
const readText = (name: string) => readFileSync(`${EXAMPLES}text/${name}.txt`, 'utf8')
const readJson = (name: string) => JSON.parse(readFileSync(`${EXAMPLES}json/${name}.json`, 'utf8'))

/** The Cql2Error a call throws (fails the test when it throws nothing or something else). */
function errorOf(fn: () => unknown): Cql2Error {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(Cql2Error)
    expect((err as Cql2Error).status).toBe(400)
    return err as Cql2Error
  }
  throw new Error('expected a Cql2Error')
}

describe('the standard’s examples: CQL2 Text and CQL2 JSON give the same tree', () => {
  const paired = textExamples.filter((name) => jsonExamples.has(name))
  it('covers the examples', () => expect(paired.length).toBeGreaterThan(100))
  it.each(paired)('%s', (name) => {
    expect(parseCql2Text(readText(name))).toEqual(parseCql2Json(readJson(name)))
  })
  // "-alt01" texts are other spellings of the same filter (NOT LIKE for NOT … LIKE, no parentheses, "POLYGON" for "POLYGON Z").
  it.each(textExamples.filter((name) => name.endsWith('-alt01') && jsonExamples.has(name.replace('-alt01', ''))))('%s', (name) => {
    expect(parseCql2Text(readText(name))).toEqual(parseCql2Json(readJson(name.replace('-alt01', ''))))
  })
  it('accepts CQL2 JSON given as a string through parseFilter', () => {
    const json = readFileSync(`${EXAMPLES}json/example16.json`, 'utf8')
    expect(parseFilter(json, 'cql2-json')).toEqual(parseFilter(readText('example16')))
  })
})

describe('CQL2 Text grammar', () => {
  const p = parseCql2Text
  it('gives AND precedence over OR and NOT over AND, and flattens chains', () => {
    expect(p('a=1 OR b=2 AND NOT c=3 AND d=4')).toEqual({
      op: 'or',
      args: [
        { op: '=', args: [{ property: 'a' }, 1] },
        { op: 'and', args: [{ op: '=', args: [{ property: 'b' }, 2] }, { op: 'not', args: [{ op: '=', args: [{ property: 'c' }, 3] }] }, { op: '=', args: [{ property: 'd' }, 4] }] },
      ],
    })
  })
  it('reads keywords in any case and property names as written', () => {
    expect(p("Name like 'x%' and NOT Pop between 1 AND 2")).toEqual(p("Name LIKE 'x%' AND NOT Pop BETWEEN 1 and 2"))
    expect(p('s_intersects(geom, point(1 2))')).toEqual(p('S_INTERSECTS(geom,POINT(1 2))'))
    expect(p('T_METBY(a, b)')).toMatchObject({ op: 't_metBy' })
  })
  it('follows arithmetic precedence: ^ over * / % div over + -, left to right', () => {
    expect(p('x = 1 - 2 * 3 ^ 2 / 4 + 5 div 2')).toEqual({
      op: '=',
      args: [{ property: 'x' }, { op: '+', args: [{ op: '-', args: [1, { op: '/', args: [{ op: '*', args: [2, { op: '^', args: [3, 2] }] }, 4] }] }, { op: 'div', args: [5, 2] }] }],
    })
  })
  it('reads signed numbers, exponents and a minus before a property', () => {
    expect(p('x = -1.5e3')).toEqual({ op: '=', args: [{ property: 'x' }, -1500] })
    expect(p('x = .5 + +2')).toEqual({ op: '=', args: [{ property: 'x' }, { op: '+', args: [0.5, 2] }] })
    expect(p('x = -y')).toEqual({ op: '=', args: [{ property: 'x' }, { op: '*', args: [-1, { property: 'y' }] }] })
  })
  it('decodes quotes in strings (\'\' and \\\') and keeps control characters and other backslashes', () => {
    expect(p("a = 'it''s'")).toEqual({ op: '=', args: [{ property: 'a' }, "it's"] })
    expect(p("a = 'it\\'s'")).toEqual({ op: '=', args: [{ property: 'a' }, "it's"] })
    const controls = 'x\u0007\u0008\t\n\u000B\u000C\ry'
    expect(p(`a = '${controls}'`)).toEqual({ op: '=', args: [{ property: 'a' }, controls] })
    expect(p("a LIKE '100\\%'")).toEqual({ op: 'like', args: [{ property: 'a' }, '100\\%'] })
  })
  it('reads double-quoted names, names with : and ., and keywords as names when quoted', () => {
    expect(p('"date" = DATE(\'2022-04-16\') AND eo:cloud.cover < 3 AND "and" = 1')).toMatchObject({
      args: [{ args: [{ property: 'date' }, { date: '2022-04-16' }] }, { args: [{ property: 'eo:cloud.cover' }, 3] }, { args: [{ property: 'and' }, 1] }],
    })
  })
  it('reads unquoted names that are only keywords before "(" (start, end, date, point)', () => {
    expect(p('date = point AND interval(start, end) IS NULL')).toMatchObject({ args: [{ args: [{ property: 'date' }, { property: 'point' }] }, {}] })
  })
  it('reads WKT with Z, MULTIPOINT with and without inner parentheses, BBOX with 6 numbers', () => {
    expect(p('S_INTERSECTS(g, MULTIPOINT(1 2, 3 4))')).toEqual(p('S_INTERSECTS(g, MULTIPOINT((1 2), (3 4)))'))
    expect(p('S_INTERSECTS(g, POINT Z (1 2 3))')).toMatchObject({ args: [{}, { type: 'Point', coordinates: [1, 2, 3] }] })
    expect(p('S_INTERSECTS(g, BBOX(1, 2, -10, 3, 4, 10))')).toMatchObject({ args: [{}, { bbox: [1, 2, -10, 3, 4, 10] }] })
  })
  it('reads NOT LIKE, NOT BETWEEN, NOT IN and IS NOT NULL as NOT around the predicate', () => {
    for (const [negated, plain] of [['a NOT LIKE \'x\'', "a LIKE 'x'"], ['a NOT BETWEEN 1 AND 2', 'a BETWEEN 1 AND 2'], ['a NOT IN (1)', 'a IN (1)'], ['a IS NOT NULL', 'a IS NULL']]) {
      expect(p(negated)).toEqual({ op: 'not', args: [p(plain)] })
    }
  })
  it('normalises timestamps with an all-zero fraction', () => {
    expect(p("t = TIMESTAMP('2012-08-10T05:30:00.000000Z')")).toEqual(p("t = TIMESTAMP('2012-08-10T05:30:00Z')"))
  })
})

describe('CQL2 Text syntax errors name the line, the column and what was expected', () => {
  it.each([
    ["name = 'x' AND", 1, 15, 'end of the filter'],
    ['a <> 3 4', 1, 8, 'arithmetic operator'],
    ["name = 'unclosed", 1, 8, 'never closed'],
    ['S_INTERSECTS(geom, POINT(1 2 3 4))', 1, 32, 'expected ")"'],
    ["a = 1 AND\n  b = = 2", 2, 7, 'found "= 2"'],
    ['DATE(x) > 1', 1, 1, "DATE('2022-04-16')"],
  ] as const)('%j', (text, line, column, words) => {
    const err = errorOf(() => parseCql2Text(text))
    expect(err.message).toContain(`line ${line}, column ${column}`)
    expect(err.message).toContain(words)
    expect(err.extra.position).toMatchObject({ line, column })
  })
  it('rejects an empty filter', () => expect(errorOf(() => parseCql2Text('  ')).message).toContain('empty'))
  it('rejects an invalid calendar date and timestamp', () => {
    expect(errorOf(() => parseCql2Text("d = DATE('2022-02-30')")).message).toContain('not a valid date')
    expect(errorOf(() => parseCql2Text("t = TIMESTAMP('2022-02-03T24:00:00Z')")).message).toContain('not a valid timestamp')
  })
  it('rejects an unclosed polygon ring and a nested geometry collection', () => {
    expect(errorOf(() => parseCql2Text('S_INTERSECTS(g, POLYGON((0 0, 1 0, 1 1, 0 0.5)))')).message).toContain('must end where it starts')
    expect(errorOf(() => parseCql2Text('S_INTERSECTS(g, GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(1 2))))')).message).toContain('not a geometry type')
  })
  it('rejects wrong argument counts', () => {
    expect(errorOf(() => parseCql2Text('S_INTERSECTS(geom)')).message).toContain('S_INTERSECTS takes 2 arguments, not 1')
  })
})

describe('bounded input', () => {
  it('refuses text over the length limit before parsing', () => {
    const text = `name IN (${Array.from({ length: 20_000 }, (_, i) => `'v${i}'`).join(',')})`
    expect(text.length).toBeGreaterThan(CQL2_LIMITS.maxTextLength)
    expect(errorOf(() => parseCql2Text(text)).message).toContain(`at most ${CQL2_LIMITS.maxTextLength}`)
    expect(errorOf(() => parseFilter(JSON.stringify({ op: 'in', args: [{ property: 'a' }, Array(20_000).fill('value')] }), 'cql2-json')).message).toContain('at most')
  })
  it('refuses deep parentheses, NOT chains, arithmetic chains and JSON nesting', () => {
    expect(errorOf(() => parseCql2Text(`${'('.repeat(101)}a=1${')'.repeat(101)}`)).message).toContain('more than 100')
    expect(parseCql2Text(`${'('.repeat(50)}a=1${')'.repeat(50)}`)).toEqual({ op: '=', args: [{ property: 'a' }, 1] })
    expect(errorOf(() => parseCql2Text(`${'NOT '.repeat(150)}a=1`)).message).toContain('nested more than 100')
    expect(errorOf(() => parseCql2Text(`a = ${Array(5000).fill('2').join('^')}`)).message).toContain('nested more than 100')
    expect(errorOf(() => parseCql2Text(`a = ${'- '.repeat(5000)}1 + ${Array(3000).fill('b').join('+')}`)).message).toContain('nested more than 100')
    let deep: unknown = { property: 'a' }
    for (let i = 0; i < 100_000; i++) deep = { op: 'not', args: [deep] }
    expect(errorOf(() => parseCql2Json(deep)).message).toContain('nested more than 100')
  })
  it('refuses an IN list over 1,000 items and geometries over the vertex cap', () => {
    expect(errorOf(() => parseCql2Json({ op: 'in', args: [{ property: 'a' }, Array(1001).fill(1)] })).message).toContain('at most 1000')
    const ring = [...Array.from({ length: 10_001 }, (_, i) => [i / 10_000, Math.sin(i)]), [0, 0]]
    expect(errorOf(() => parseCql2Json({ op: 's_intersects', args: [{ property: 'g' }, { type: 'Polygon', coordinates: [ring] }] })).message).toContain('more than 10000 vertices')
  })
})

describe('CQL2 JSON validation', () => {
  it.each([
    [null, 'null is not a CQL2 value'],
    [{ op: 'and', args: [true] }, 'AND takes at least 2 arguments'],
    [{ op: 'between', args: [1, 2] }, 'BETWEEN takes 3 arguments'],
    [{ op: '=' }, 'needs its arguments as an array'],
    [{ op: 'in', args: [{ property: 'a' }, 'b'] }, 'must be a list'],
    [{ foo: 1 }, 'not a CQL2 JSON expression'],
    [{ op: '=', args: [{ property: '' }, 1] }, 'property reference needs a name'],
    [{ op: 't_after', args: [{ property: 'd' }, { interval: ['2020-01-01'] }] }, 'exactly two bounds'],
    [{ op: 't_after', args: [{ property: 'd' }, { interval: ['yesterday', '..'] }] }, 'not a valid interval bound'],
    [{ op: 's_within', args: [{ property: 'g' }, { bbox: [1, 2, 3] }] }, '4 numbers'],
    [{ op: 's_within', args: [{ property: 'g' }, { type: 'Circle', coordinates: [1, 2] }] }, 'not a geometry type'],
    [{ op: 's_within', args: [{ property: 'g' }, { type: 'Point', coordinates: ['1', 2] }] }, 'not a coordinate'],
  ])('%j', (json, words) => {
    const err = errorOf(() => parseCql2Json(json))
    expect(err.message).toContain(words)
  })
  it('says where in the tree the problem is', () => {
    expect(errorOf(() => parseCql2Json({ op: 'and', args: [true, { op: 'not', args: [{ date: '2022-13-01' }] }] })).extra.path).toBe('$.args[1].args[0]')
  })
  it('accepts standard operator names in any case and keeps custom function names', () => {
    expect(parseCql2Json({ op: 'S_INTERSECTS', args: [{ property: 'g' }, { bbox: [0, 0, 1, 1] }] })).toMatchObject({ op: 's_intersects' })
    expect(parseCql2Json({ op: 'T_FINISHEDBY', args: [{ property: 'a' }, { property: 'b' }] })).toMatchObject({ op: 't_finishedBy' })
    expect(parseCql2Json({ op: 'Buffer', args: [{ property: 'g' }, 10] })).toMatchObject({ op: 'Buffer' })
  })
  it('refuses text that is not JSON, and unknown filter languages', () => {
    expect(errorOf(() => parseFilter('{"op": "=",', 'cql2-json')).message).toContain('not valid JSON')
    expect(errorOf(() => parseFilter('a=1', 'cql-text' as 'cql2-text')).message).toContain('not supported')
  })
})
