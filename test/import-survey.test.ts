import type { Feature, FeatureCollection, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { fileKcxs } from '../server/dictionaries/land-classes.js'
import type { QaResult } from '../server/imports/import-report.js'
import { uniqueLayerId } from './helpers/test-db.js'
import { importFile, useImportApp, writeShapefile } from './import-helpers.js'

const t = useImportApp()

const square = (i: number, size = 0.002): Polygon => {
  const x = 105.6 + i * 0.003, y = 37.5
  return { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] }
}

/** The official area of a polygon as the database computes it (an independent reference for TBMJ). */
async function officialArea(g: Polygon): Promise<number> {
  const { rows } = await t.db.query<{ a: number }>('SELECT onemap.ellipsoid_area(ST_SetSRID(ST_GeomFromGeoJSON($1), 4490)) AS a', [JSON.stringify(g)])
  return rows[0]!.a
}

const VILLAGE = '640522101001000000'
const KCXS_PD2 = fileKcxs('PD', '2', VILLAGE)!

/**
 * A DLTB with one feature per R9 rule broken (and feature 1 breaking none). `legacy` writes the
 * 二调 / newer alternative names (TKXS, TKMJ, XXTBKD, GDZZSXDM) instead.
 */
async function dltb(legacy: boolean): Promise<FeatureCollection> {
  const n = legacy ? { KCXS: 'TKXS', KCMJ: 'TKMJ', XZDWKD: 'XXTBKD', ZZSXDM: 'GDZZSXDM' } : { KCXS: 'KCXS', KCMJ: 'KCMJ', XZDWKD: 'XZDWKD', ZZSXDM: 'ZZSXDM' }
  const specs: [Record<string, unknown>, Polygon][] = [
    [{ DLBM: '0101', DLMC: '水田', GDPDJB: '2', GDLX: 'PD', KCDLBM: '1203', [n.KCXS]: KCXS_PD2, [n.ZZSXDM]: 'LS' }, square(0)],
    [{ DLBM: '0103', DLMC: '水田', GDPDJB: '1', [n.ZZSXDM]: 'LS' }, square(1)],
    [{ DLBM: '0102', DLMC: '水浇地', [n.ZZSXDM]: 'LS' }, square(2)],
    [{ DLBM: '0103', DLMC: '旱地', GDPDJB: '1', [n.ZZSXDM]: 'LS', tbmjError: 10 }, square(3)],
    [{ DLBM: '0301', DLMC: '乔木林地', GDPDJB: '2' }, square(4)],
    [{ DLBM: '0201', DLMC: '果园', [n.XZDWKD]: 2 }, square(5)],
    [{ DLBM: '0101', DLMC: '水田', GDPDJB: '1', [n.ZZSXDM]: 'JKHF' }, square(6)],
    [{ DLBM: '0404', DLMC: '其他草地', ZLDWDM: '640522101002000000', QSXZ: '30', FRDBS: '0' }, square(7)],
    [{ DLBM: '0404', DLMC: '其他草地', tbdlmjError: 5 }, square(8)],
    [{ DLBM: '0103', DLMC: '旱地', GDPDJB: '3', GDLX: 'PD', KCDLBM: '1203', [n.KCXS]: 0.01, [n.ZZSXDM]: 'LS' }, square(9)],
    [{ DLBM: '1006', DLMC: '农村道路', [n.XZDWKD]: 3.5 }, { type: 'Polygon', coordinates: [[[105.6005, 37.5005], [105.6015, 37.5005], [105.6015, 37.5015], [105.6005, 37.5015], [105.6005, 37.5005]]] }],
  ]
  const features: Feature[] = []
  for (const [i, [props, geometry]] of specs.entries()) {
    const area = await officialArea(geometry)
    const tbmj = Math.round((area + Number(props.tbmjError ?? 0)) * 100) / 100
    const kcxs = Number(props[n.KCXS] ?? 0)
    const kcmj = Math.round(tbmj * kcxs * 100) / 100
    const { tbmjError: _a, tbdlmjError: _b, ...rest } = props
    features.push({
      type: 'Feature', geometry,
      properties: { BSM: String(i + 1), ZLDWDM: VILLAGE, QSDWDM: VILLAGE, QSXZ: '30', FRDBS: '0', ...rest, TBMJ: tbmj, [n.KCMJ]: kcmj, TBDLMJ: Math.round((tbmj - kcmj + Number(props.tbdlmjError ?? 0)) * 100) / 100 },
    })
  }
  return { type: 'FeatureCollection', features }
}

const EXPECTED: Record<string, number[]> = {
  'R9.1': [2], 'R9.2': [3], 'R9.3': [10], 'R9.4': [5], 'R9.5': [6], 'R9.6': [7], 'R9.7': [8], 'R9.8': [9], 'R9.9': [4],
}

function byRule(qa: QaResult[] | null) {
  return Object.fromEntries((qa ?? []).map((q) => [q.rule, q]))
}

describe('survey QA (DOMAIN R9) in the import report', () => {
  it.each([['三调 names', false], ['二调 and newer alternative names', true]] as const)('flags exactly the features that break each rule (%s)', async (_label, legacy) => {
    const shp = await writeShapefile(t.dir, `dltb_${legacy}`, await dltb(legacy), { sSrs: 'EPSG:4490', tSrs: 'EPSG:4523' })
    const layer = uniqueLayerId('dltb')
    const { job, report } = await importFile(t.app, shp, { layer, kind: 'survey' })
    expect(job.state).toBe('succeeded')
    // A survey layer joins the survey group of the layer tree.
    const { rows: [entry] } = await t.db.query<{ group_id: string }>('SELECT group_id FROM onemap.layers WHERE id = $1', [layer])
    expect(entry!.group_id).toBe('survey')
    const qa = byRule(report.qa)
    for (const [rule, features] of Object.entries(EXPECTED)) {
      expect(qa[rule]?.sample, rule).toEqual(features)
      expect(qa[rule]?.count, rule).toBe(features.length)
    }
    expect(qa['R9.10']).toMatchObject({ count: 1, pairs: [[1, 11]] })
    expect(report.issues.find((i) => i.code === 'R9.3')?.message).toMatch(/KCXS 0\.01 differs from the configured coefficient/)
    expect(report.issues.find((i) => i.code === 'R9.9')?.message).toMatch(/TBMJ [\d.]+ m² differs from the official ellipsoidal area [\d.]+ m² by 10 m²/)
    if (legacy) {
      expect(report.notes.join(' ')).toMatch(/Field TKXS \(older survey generation\) was stored as KCXS/)
      const { rows } = await t.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'data' AND table_name = $1`, [layer])
      expect(rows.map((r) => r.column_name)).toEqual(expect.arrayContaining(['KCXS', 'KCMJ', 'XXTBKD', 'GDZZSXDM']))
    }
  })

  it('does not run survey QA on layers of other kinds', async () => {
    const shp = await writeShapefile(t.dir, 'dltb_thematic', await dltb(false), { sSrs: 'EPSG:4490', tSrs: 'EPSG:4523' })
    const { report } = await importFile(t.app, shp, { layer: uniqueLayerId('them') })
    expect(report.qa).toBeNull()
  })
})
