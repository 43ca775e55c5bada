/**
 * Deterministic randomness for the demo generator. Everything is derived from (seed, key…) by
 * hashing rather than from one sequential stream, so any feature can be regenerated on its own
 * and in any order (the loader streams; the 2024 survey re-derives the 2023 cells).
 */

/** A 32-bit integer hash of a list of integers (a small murmur3-style mix). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9
  for (const v of values) {
    let k = Math.imul(v | 0, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    h ^= Math.imul(k, 0x1b873593)
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform number in [0, 1) determined by the keys. */
export function unit(...keys: number[]): number {
  return hashInts(...keys) / 4294967296
}

/** A sequential generator (mulberry32) for code that draws many values for one thing. */
export class Rng {
  private state: number
  constructor(...keys: number[]) {
    this.state = hashInts(...keys)
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }
}

/** Pick from weighted options with a number u in [0, 1). */
export function weighted<T>(u: number, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((s, [, w]) => s + w, 0)
  let x = u * total
  for (const [value, w] of options) {
    if (x < w) return value
    x -= w
  }
  return options[options.length - 1][0]
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t)
}

/** Value noise in [0, 1) on an integer lattice, smoothly interpolated. */
function valueNoise(seed: number, salt: number, x: number, y: number): number {
  const xi = Math.floor(x)
  const yi = Math.floor(y)
  const tx = smooth(x - xi)
  const ty = smooth(y - yi)
  const a = unit(seed, salt, xi, yi)
  const b = unit(seed, salt, xi + 1, yi)
  const c = unit(seed, salt, xi, yi + 1)
  const d = unit(seed, salt, xi + 1, yi + 1)
  return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty
}

/**
 * Fractal noise in roughly [0, 1): `scale` is the size in km of the largest features, and each
 * of the `octaves` adds detail at half the size and half the weight.
 */
export function fbm(seed: number, salt: number, xKm: number, yKm: number, scale: number, octaves = 3): number {
  let sum = 0
  let norm = 0
  let amp = 1
  let freq = 1 / scale
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(seed, salt + o * 101, xKm * freq, yKm * freq)
    norm += amp
    amp /= 2
    freq *= 2
  }
  return sum / norm
}
