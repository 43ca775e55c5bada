import { layerTable } from '../../catalog/sql-names.js'
import type { Queryable } from '../../db/database.js'
import type { QaResult } from '../import-report.js'

const SAMPLE = 20

/**
 * R9 "no overlaps inside DLTB": pairs of polygons whose interiors overlap by more than `tolerance`
 * m² of official area, found with the GiST index of the (staged) table. Sample pairs are fids.
 */
export async function checkOverlaps(q: Queryable, table: string, tolerance: number): Promise<QaResult & { pairs: number[][] }> {
  const t = layerTable(table)
  const { rows } = await q.query<{ n: number; pairs: number[][] | null }>(
    `SELECT count(*) AS n, (array_agg(ARRAY[a.fid, b.fid] ORDER BY a.fid, b.fid))[1:${SAMPLE}] AS pairs
     FROM ${t} a JOIN ${t} b ON a.fid < b.fid AND a.geom && b.geom
     WHERE ST_Relate(a.geom, b.geom, '2********') AND onemap.ellipsoid_area(ST_Intersection(a.geom, b.geom)) > $1`,
    [tolerance],
  )
  const pairs = rows[0]?.pairs ?? []
  return { rule: 'R9.10', title: 'No overlapping DLTB polygons', severity: 'warning', count: Number(rows[0]?.n ?? 0), sample: pairs.map((p) => Number(p[0])), pairs: pairs.map((p) => p.map(Number)) }
}
