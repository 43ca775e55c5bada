import type { Geometry, Position } from 'geojson'

/** Well-known text of a GeoJSON geometry, coordinates as given (x y), shortest exact decimals. */
export function geometryToWkt(geometry: Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return geometry.coordinates.length ? `POINT (${position(geometry.coordinates)})` : 'POINT EMPTY'
    case 'MultiPoint':
      return tagged('MULTIPOINT', geometry.coordinates, (p) => `(${position(p)})`)
    case 'LineString':
      return tagged('LINESTRING', geometry.coordinates, position)
    case 'MultiLineString':
      return tagged('MULTILINESTRING', geometry.coordinates, ring)
    case 'Polygon':
      return tagged('POLYGON', geometry.coordinates, ring)
    case 'MultiPolygon':
      return tagged('MULTIPOLYGON', geometry.coordinates, (rings) => `(${rings.map(ring).join(', ')})`)
    case 'GeometryCollection':
      return geometry.geometries.length ? `GEOMETRYCOLLECTION (${geometry.geometries.map(geometryToWkt).join(', ')})` : 'GEOMETRYCOLLECTION EMPTY'
  }
}

function tagged<T>(tag: string, items: T[], item: (value: T) => string): string {
  return items.length ? `${tag} (${items.map(item).join(', ')})` : `${tag} EMPTY`
}

function ring(positions: Position[]): string {
  return `(${positions.map(position).join(', ')})`
}

function position(p: Position): string {
  return p.map(String).join(' ')
}
