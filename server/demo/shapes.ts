/** Shape helpers for the demo's large hand-shaped polygons (red lines, development boundaries). */
import { fbm } from './random.js'
import type { Km } from './region.js'
import type { Ring } from './tessellation.js'

/** A noisy star-shaped ring around `c`: radius r(θ) = radius × (1 − wobble/2 + wobble × noise). */
export function blob(seed: number, salt: number, c: Km, radius: number, wobble: number, vertices: number): Ring {
  const ring: Ring = []
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices
    ring.push(polar(c, radius * blobFactor(seed, salt, a, wobble), a))
  }
  return ring
}

/** The radial factor of `blob` at angle a (periodic in a, so the ring closes smoothly). */
export function blobFactor(seed: number, salt: number, a: number, wobble: number): number {
  const n = fbm(seed, salt, 3 * Math.cos(a) + 10, 3 * Math.sin(a) + 10, 1.2, 4)
  return 1 - wobble / 2 + wobble * n
}

function polar(c: Km, r: number, a: number): [number, number] {
  return [c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)]
}

/** Points along a polyline every `step` km. */
export function resample(line: readonly Km[], step: number): Km[] {
  const out: Km[] = [line[0]]
  let carry = 0
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1], line[i]]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1])
    let t = step - carry
    while (t < len) {
      out.push([a[0] + ((b[0] - a[0]) * t) / len, a[1] + ((b[1] - a[1]) * t) / len])
      t += step
    }
    carry = len - (t - step)
  }
  out.push(line[line.length - 1])
  return out
}

/**
 * A corridor polygon along a centre line: both banks offset by a noisy half-width (km). May
 * self-intersect on tight bends, so the loader repairs it with ST_MakeValid.
 */
export function corridor(seed: number, salt: number, line: readonly Km[], step: number, width: (n: number) => number): Ring {
  const pts = resample(line, step)
  const left: Ring = []
  const right: Ring = []
  pts.forEach((p, i) => {
    const a = pts[Math.max(0, i - 1)]
    const b = pts[Math.min(pts.length - 1, i + 1)]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1
    const [nx, ny] = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len]
    const wl = width(fbm(seed, salt, p[0], p[1], 3, 4))
    const wr = width(fbm(seed, salt + 1, p[0], p[1], 3, 4))
    left.push([p[0] + nx * wl, p[1] + ny * wl])
    right.push([p[0] - nx * wr, p[1] - ny * wr])
  })
  return [...left, ...right.reverse()]
}

/** A line with small noisy sideways wiggles (roads, canals), resampled every `step` km. */
export function wiggle(seed: number, salt: number, line: readonly Km[], step: number, amp: number): Km[] {
  const pts = resample(line, step)
  return pts.map((p, i) => {
    if (i === 0 || i === pts.length - 1) return p
    const [a, b] = [pts[i - 1], pts[i + 1]]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1
    const off = amp * (fbm(seed, salt, p[0], p[1], 2, 2) - 0.5) * 2
    return [p[0] - ((b[1] - a[1]) / len) * off, p[1] + ((b[0] - a[0]) / len) * off]
  })
}
