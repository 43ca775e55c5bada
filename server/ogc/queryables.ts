import type { AttributeDef, AttributeType, LayerEntry } from '../catalog/catalog.types.js'

/** The queryable name of the geometry in CQL2 filters and in the queryables document. */
export const GEOMETRY_QUERYABLE = 'geometry'

const JSON_TYPES: Record<AttributeType, Record<string, string>> = {
  text: { type: 'string' },
  integer: { type: 'integer' },
  bigint: { type: 'integer' },
  number: { type: 'number' },
  decimal: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  timestamp: { type: 'string', format: 'date-time' },
}

/** JSON Schema of one attribute, with its Chinese (and English) title. */
export function attributeSchema(attribute: AttributeDef, layer: LayerEntry): Record<string, unknown> {
  const title = [attribute.title_zh, attribute.title_en].filter(Boolean).join(' / ')
  const schema: Record<string, unknown> = { ...(title ? { title } : {}), ...JSON_TYPES[attribute.type] }
  if (attribute.name === layer.time_field) schema['x-ogc-role'] = 'primary-instant'
  return schema
}

/**
 * GET /collections/{id}/queryables (OGC API Features Part 3): the properties a filter may use, as
 * a JSON Schema. They are the layer's attributes plus its geometry.
 */
export function queryablesDocument(root: string, layer: LayerEntry): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    [GEOMETRY_QUERYABLE]: { title: '几何 / geometry', format: `geometry-${layer.geometry_type.toLowerCase()}`, 'x-ogc-role': 'primary-geometry' },
  }
  for (const attribute of layer.attributes) properties[attribute.name] = attributeSchema(attribute, layer)
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${root}/collections/${layer.id}/queryables`,
    type: 'object',
    title: layer.title_zh,
    description: `Queryable properties of ${layer.title_en || layer.id}`,
    properties,
    additionalProperties: false,
  }
}
