declare module 'vt-pbf' {
  /** A feature in geojson-vt's tile form: integer tile coordinates, `tags` as properties. */
  export interface VtFeature {
    id?: number
    /** 1 point, 2 line, 3 polygon */
    type: 1 | 2 | 3
    /** Points: [[x, y], …]; lines and polygons: rings/lines of [x, y] (polygon rings closed). */
    geometry: number[][] | number[][][]
    tags: Record<string, string | number | boolean | null>
  }
  export function fromGeojsonVt(layers: Record<string, { features: VtFeature[] }>, options?: { version?: number; extent?: number }): Uint8Array
}
