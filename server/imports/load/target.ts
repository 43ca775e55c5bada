import { findLayer } from '../../catalog/catalog.repository.js'
import type { AttributeDef, Caller, GeometryType, LayerEntry } from '../../catalog/catalog.types.js'
import { validateLayerId } from '../../catalog/layer-table.js'
import type { Queryable } from '../../db/database.js'
import { ConflictError, NotFoundError } from '../../errors/problem.js'
import type { ImportPlan } from '../import.types.js'
import { ImportInputError } from '../import-errors.js'

/** The table an import fills: its columns and geometry type, and the layer it replaces or extends. */
export interface ImportTarget {
  existing?: LayerEntry
  attributes: AttributeDef[]
  geometryType: GeometryType
  notes: string[]
}

const family = (t: string) => t.replace(/^Multi/, '')

/** Columns of a new layer from the source fields; a renamed field keeps its name as the Chinese title. */
export function attributesFromPlan(plan: ImportPlan): AttributeDef[] {
  return plan.fields.map((f) => (f.column === f.source ? { name: f.column, type: f.type } : { name: f.column, type: f.type, title_zh: f.source }))
}

function appendTarget(plan: ImportPlan, existing: LayerEntry): ImportTarget {
  if (family(existing.geometry_type) !== family(plan.geometryType)) {
    throw new ImportInputError(`The file holds ${plan.sourceGeometryType} features but layer ${existing.id} is ${existing.geometry_type}; they cannot be appended.`)
  }
  const columns = new Set(existing.attributes.map((a) => a.name.toLowerCase()))
  const extra = plan.fields.filter((f) => !columns.has(f.column.toLowerCase())).map((f) => f.source)
  if (extra.length) throw new ImportInputError(`The file's fields ${extra.join(', ')} are not columns of layer ${existing.id}. Replace the layer to take the file's columns, or remove those fields.`)
  const fields = new Set(plan.fields.map((f) => f.column.toLowerCase()))
  const missing = existing.attributes.filter((a) => !fields.has(a.name.toLowerCase())).map((a) => a.name)
  return { existing, attributes: existing.attributes, geometryType: existing.geometry_type, notes: missing.length ? [`Columns ${missing.join(', ')} of layer ${existing.id} are not in the file; they were left empty.`] : [] }
}

/**
 * Check the layer id and mode against the catalog: create needs a free id, replace and append
 * an existing layer (as the caller sees it); append needs compatible columns and geometry.
 */
export async function resolveTarget(q: Queryable, plan: ImportPlan, caller: Caller): Promise<ImportTarget> {
  const { layer, mode } = plan.request
  validateLayerId(layer)
  const existing = await findLayer(q, layer, caller)
  if (mode === 'create' && existing) throw new ConflictError(`A layer "${layer}" already exists. Import with mode replace (CLI --replace) to load a new version of it, append (--append) to add features, or choose another layer id.`)
  if (mode !== 'create' && !existing) throw new NotFoundError(`There is no layer "${layer}" to ${mode}; import with mode create (no --replace/--append) to make it.`)
  if (mode === 'append') return appendTarget(plan, existing!)
  return { existing, attributes: attributesFromPlan(plan), geometryType: plan.geometryType, notes: [] }
}
