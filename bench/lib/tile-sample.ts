import type { LayerEntry } from '../../server/catalog/catalog.types.js'
import { tileAtLonLat, type TileAddress } from '../../server/tiles/tile-coords.js'

/** One tile request of a bench: which layer, which tile. */
export interface TileJob {
  layer: LayerEntry
  at: TileAddress
}

/** A small seeded PRNG (mulberry32), so every run asks for the same tiles. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random tile at zoom z inside a layer's extent (so the tile usually has data). */
function tileInExtent(layer: LayerEntry, z: number, random: () => number): TileAddress {
  const [w, s, e, n] = layer.extent!
  return tileAtLonLat(w + (e - w) * random(), s + (n - s) * random(), z)
}

/**
 * `perZoom` tiles at each zoom, spread over the region: layer i of a zoom's jobs is taken round-robin
 * from the layers visible at that zoom, the tile at random within that layer's extent. No duplicates.
 */
export function sampleTiles(layers: LayerEntry[], zooms: number[], perZoom: number, seed: number): TileJob[] {
  const random = seededRandom(seed)
  const seen = new Set<string>()
  const jobs: TileJob[] = []
  for (const z of zooms) {
    const visible = layers.filter((l) => l.extent && l.min_zoom <= z && l.feature_count > 0)
    for (let i = 0, tries = 0; i < perZoom && visible.length && tries < perZoom * 20; tries++) {
      const layer = visible[tries % visible.length]!
      const at = tileInExtent(layer, z, random)
      const key = `${layer.id}/${z}/${at.x}/${at.y}`
      if (seen.has(key)) continue
      seen.add(key)
      jobs.push({ layer, at })
      i++
    }
  }
  return jobs
}
