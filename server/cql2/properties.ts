import type { AttributeDef } from '../catalog/catalog.types.js'
import { quoteIdent } from '../catalog/sql-names.js'
import type { Cql2Property } from './context.js'

/**
 * The queryables of a layer for `Cql2SqlContext.properties`: every catalog attribute (its quoted
 * column) plus the geometry under `geometryName` (OGC convention "geometry"; the ATS uses "geom").
 */
export function cql2PropertiesFromAttributes(attributes: AttributeDef[], geometryName = 'geometry', geometryColumn = 'geom'): Map<string, Cql2Property> {
  const properties = new Map<string, Cql2Property>(attributes.map((a) => [a.name, { column: quoteIdent(a.name), type: a.type }]))
  if (!properties.has(geometryName)) properties.set(geometryName, { column: quoteIdent(geometryColumn), type: 'geometry' })
  return properties
}
