import { CopyLoad } from './copy-load.js'
import { InsertLoad } from './insert-load.js'
import type { LoadCounts } from './load-ledger.js'
import type { LoadTarget } from './stage-load.js'
import { pauseGeom3857Trigger, restoreGeom3857Trigger } from './stage-table.js'

export type { LoadCounts } from './load-ledger.js'
export type { LoadTarget } from './stage-load.js'

/**
 * Fill the stage: by COPY where it applies (PostGIS, a CRS the stream transforms), with the
 * stage's geom_3857 trigger off meanwhile; otherwise by INSERT … unnest.
 */
export async function loadStage(t: LoadTarget): Promise<LoadCounts> {
  if (!CopyLoad.applies(t)) return new InsertLoad(t).run()
  await pauseGeom3857Trigger(t.db, t.table)
  const counts = await new CopyLoad(t).run()
  await restoreGeom3857Trigger(t.db, t.table)
  return counts
}
