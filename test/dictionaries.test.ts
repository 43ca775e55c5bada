import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from './helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await openTestApp()
})
afterAll(async () => t?.close())

interface Code { code: string; name: { zh: string; en: string }; level: number; parent: string | null; group: string | null; groups: string[]; sandalei: string | null; kind: string; unconfirmed: boolean; note: string | null }
interface Entry { code: string; target: string | null; oneToOne: boolean; links: { to: string; relation: string; exact: boolean }[] }

async function get(url: string) {
  return t.app.inject({ method: 'GET', url })
}
async function codes(id: string, query = ''): Promise<Code[]> {
  const res = await get(`/api/dictionaries/${id}${query}`)
  expect(res.statusCode).toBe(200)
  return res.json().codes
}
function file(name: string) {
  return JSON.parse(readFileSync(`data/dictionaries/${name}`, 'utf8'))
}

describe('GET /api/dictionaries', () => {
  it('lists every dictionary file with its number of codes', async () => {
    const res = await get('/api/dictionaries')
    expect(res.statusCode).toBe(200)
    const list: { id: string; kind: string; count: number; title: { zh: string; en: string } }[] = res.json().dictionaries
    for (const name of ['sandiao', 'ydyh2023', 'gdlx', 'gdpdjb', 'zzsxdm', 'tbxhdm', 'qsxz', 'czcsxm', 'qllx', 'qlxz', 'tblx', 'yjjbntlx']) {
      const entry = list.find((d) => d.id === name)
      expect(entry, name).toBeDefined()
      expect(entry!.count).toBe(file(`codes/${name}.json`).codes.length)
      expect(entry!.title.zh.length).toBeGreaterThan(0)
    }
    expect(list.filter((d) => d.kind === 'land_class').map((d) => d.id).sort()).toEqual(['sandiao', 'ydyh2023'])
  })
})

describe('the 2023 用地用海 classification', () => {
  it('has 24 一级, 111 二级 and the 40 三级 classes of the Guide', async () => {
    const all = await codes('ydyh2023')
    const count = (level: number) => all.filter((c) => c.level === level).length
    expect([count(1), count(2), count(3)]).toEqual([24, 111, 40])
    expect((await codes('ydyh2023', '?level=3')).map((c) => c.code)).toContain('060101')
  })

  it('puts 06 农业设施建设用地 outside 建设用地 and 1003 盐田 inside it', async () => {
    const construction = (await codes('ydyh2023', '?group=建设用地')).map((c) => c.code)
    expect(construction).toContain('1003')
    expect(construction).toContain('16')
    expect(construction.some((c) => c.startsWith('06'))).toBe(false)
    expect((await codes('ydyh2023', '?group=湿地&level=2')).map((c) => c.code)).toEqual(['0501', '0502', '0503', '0504', '0505', '0506', '0507'])
  })
})

describe('the 三调 working classification', () => {
  it('has every code of DOMAIN §1.1 and the extra DLBM values', async () => {
    const all = new Map((await codes('sandiao')).map((c) => [c.code, c]))
    const expected = ['0303', '0304', '0306', '0402', '0603', '1105', '1106', '1108', '0101', '0102', '0103', '0201', '0202', '0203', '0204',
      '0301', '0302', '0305', '0307', '0401', '0403', '0404', '05H1', '0508', '0601', '0602', '0701', '0702', '08H1', '08H2', '0809', '0810', '09',
      '1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1101', '1102', '1103', '1104', '1107', '1109', '1110',
      '1201', '1202', '1203', '1204', '1205', '1206', '1207', '0201K', '0202K', '0203K', '0204K', '0301K', '0302K', '0307K', '0403K', '1104K',
      '1104A', '1107A', '0810A', '201', '202', '203', '204', '205', '201A', '202A', '203A', '1301', '1302', '1303', '1304']
    for (const code of expected) expect(all.has(code), code).toBe(true)
    expect(all.get('1104K')!.name.zh).toBe('可调整养殖坑塘')
    expect(all.get('1304')!.kind).toBe('layer')
  })

  it('gives every code below 一级 a parent that exists at a higher level', async () => {
    for (const id of ['sandiao', 'ydyh2023', 'qlxz', 'qsxz', 'czcsxm']) {
      const all = await codes(id)
      const byCode = new Map(all.map((c) => [c.code, c]))
      for (const c of all.filter((x) => x.level > 1)) {
        expect(byCode.get(c.parent!)?.level, `${id} ${c.code}`).toBeLessThan(c.level)
      }
    }
  })

  it('counts only 0101–0103 (and 01) as 耕地: K codes are not', async () => {
    expect((await codes('sandiao', '?group=耕地')).map((c) => c.code)).toEqual(['01', '0101', '0102', '0103'])
    expect((await codes('sandiao', '?group=cultivated')).map((c) => c.code)).toEqual(['01', '0101', '0102', '0103'])
    const k = (await codes('sandiao')).filter((c) => c.kind === 'adjustable')
    expect(k.map((c) => c.code)).toEqual(['0201K', '0202K', '0203K', '0204K', '0301K', '0302K', '0307K', '0403K', '1104K'])
    for (const c of k) expect(c.groups).not.toContain('耕地')
  })

  it('puts 0402 沼泽草地 under 00 湿地, and 0603 盐田 under 00 but in 建设用地 for the 三大类', async () => {
    const res = await get('/api/dictionaries/sandiao/codes/0402')
    expect(res.json()).toMatchObject({ code: '0402', parent: '00', group: '湿地', name: { zh: '沼泽草地' } })
    const salt = (await get('/api/dictionaries/sandiao/codes/0603')).json()
    expect(salt).toMatchObject({ parent: '00', group: '建设用地', sandalei: '建设用地' })
    expect(salt.groups).toEqual(expect.arrayContaining(['建设用地', '湿地']))
    const wetland = (await codes('sandiao', '?group=wetland')).map((c) => c.code)
    expect(wetland).toEqual(['00', '0303', '0304', '0306', '0402', '0603', '1105', '1106', '1108'])
  })

  it('marks each disputed 三大类 assignment as unconfirmed, with a note', async () => {
    const all = await codes('sandiao')
    for (const code of ['0404', '1103']) {
      const c = all.find((x) => x.code === code)!
      expect(c.unconfirmed, code).toBe(true)
      expect(c.note, code).toMatch(/disagree/)
    }
    expect(all.find((x) => x.code === '0101')!.unconfirmed).toBe(false)
  })
})

describe('GET /api/dictionaries/:id/codes/:code', () => {
  it('returns a code with its children and its crosswalk targets', async () => {
    const body = (await get('/api/dictionaries/sandiao/codes/01')).json()
    expect(body.children.map((c: Code) => c.code)).toEqual(['0101', '0102', '0103'])
    const leaf = (await get('/api/dictionaries/sandiao/codes/0305')).json()
    expect(leaf.crosswalk[0]).toMatchObject({ to: 'ydyh2023', target: '0303', oneToOne: true })
  })

  it('resolves an alias to its code', async () => {
    expect((await get('/api/dictionaries/tblx/codes/1')).json()).toMatchObject({ code: '01', name: { zh: '耕地' } })
    expect((await get('/api/dictionaries/zzsxdm/codes/SS')).json()).toMatchObject({ code: 'SSLM' })
  })
})

describe('GET /api/dictionaries/crosswalk', () => {
  it('converts codes as the DOMAIN table says', async () => {
    const res = await get('/api/dictionaries/crosswalk')
    expect(res.statusCode).toBe(200)
    const entries = new Map((res.json().entries as Entry[]).map((e) => [e.code, e]))
    const pairs: [string, string][] = [['0305', '0303'], ['1203', '2303'], ['0603', '1003'], ['1006', '0601'], ['0702', '0703'], ['0101', '0101'],
      ['0301', '0301'], ['1104', '1704'], ['1207', '2307'], ['0508', '1101'], ['1202', '0602'], ['0304', '0501'], ['0204K', '0205']]
    for (const [from, to] of pairs) expect(entries.get(from)?.target, from).toBe(to)
  })

  it('marks codes without a 1:1 target and lists their candidates', async () => {
    const entries = new Map(((await get('/api/dictionaries/crosswalk')).json().entries as Entry[]).map((e) => [e.code, e]))
    for (const code of ['05H1', '08H1', '08H2', '0809', '0810', '09', '1002', '1005', '1108', '1109', '1110', '201', '1301']) {
      expect(entries.get(code)?.oneToOne, code).toBe(false)
    }
    expect(entries.get('05H1')!.links.map((l) => l.to)).toEqual(['0901', '0902', '0903', '0904'])
    expect(entries.get('201')!.links).toEqual([])
  })

  it('narrows to one code, and says which crosswalks exist when asked for another', async () => {
    const one = (await get('/api/dictionaries/crosswalk?code=0603')).json()
    expect(one.entries).toHaveLength(1)
    const missing = await get('/api/dictionaries/crosswalk?from=ydyh2023&to=sandiao')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().detail).toContain('from=sandiao&to=ydyh2023')
  })
})

describe('GET /api/dictionaries/kcxs', () => {
  it('ships illustrative defaults that grow with the slope grade, flagged as such', async () => {
    const body = (await get('/api/dictionaries/kcxs')).json()
    expect(body.illustrative).toBe(true)
    expect(body.note).toMatch(/illustrative/)
    for (const gdlx of ['TT', 'PD']) {
      const values = body.entries.filter((e: { gdlx: string }) => e.gdlx === gdlx).map((e: { kcxs: number }) => e.kcxs)
      expect(values).toHaveLength(4)
      expect([...values].sort((a, b) => a - b)).toEqual(values)
    }
    const region = (await get('/api/dictionaries/kcxs?region=640323001001')).json()
    expect(region.entries).toHaveLength(8)
  })
})

describe('errors', () => {
  it('answers an unknown dictionary or code with a 404 that says what exists', async () => {
    const dict = await get('/api/dictionaries/nosuch')
    expect(dict.statusCode).toBe(404)
    expect(dict.json().detail).toMatch(/sandiao.*ydyh2023/)
    const code = await get('/api/dictionaries/sandiao/codes/9999')
    expect(code.statusCode).toBe(404)
    expect(code.json().detail).toContain('GET /api/dictionaries/sandiao')
    expect((await get('/api/dictionaries/crosswalk?code=9999')).statusCode).toBe(404)
  })

  it('refuses an unknown group, a group on an attribute dictionary, and a bad level or region', async () => {
    const group = await get('/api/dictionaries/sandiao?group=forestry')
    expect(group.statusCode).toBe(400)
    expect(group.json().detail).toContain('林地 (forest)')
    expect((await get('/api/dictionaries/gdlx?group=耕地')).statusCode).toBe(400)
    expect((await get('/api/dictionaries/sandiao?level=4')).statusCode).toBe(400)
    expect((await get('/api/dictionaries/kcxs?region=abc')).statusCode).toBe(400)
  })
})
