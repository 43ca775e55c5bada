import type { Better, Figure, Measure } from './types.js'

/** Result of running many tasks with bounded concurrency. */
export interface LoadResult {
  count: number
  elapsedMs: number
  /** Completed tasks per second over the whole run. */
  perSecond: number
  /** Median task latency in milliseconds. */
  medianMs: number
}

/**
 * Run `count` tasks, at most `concurrency` at a time, and time the whole batch. Task i is `task(i)`;
 * a task that throws fails the run (a benchmark over errors is meaningless).
 */
export async function runConcurrent(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const t0 = performance.now()
      await task(i)
      latencies.push(performance.now() - t0)
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  const elapsedMs = performance.now() - start
  return { count, elapsedMs, perSecond: (count * 1000) / elapsedMs, medianMs: median(latencies) }
}

/** Time one async call in milliseconds. */
export async function timeMs<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface FigureInput {
  name: string
  onemap: Measure
  baseline: Measure & { label: string }
  /** 'higher' for throughputs, 'lower' for times and sizes. */
  better: Better
  target: number
  notes?: string
}

/** Build a figure, computing the speedup so that above 1 always means OneMap is better. */
export function figure(input: FigureInput): Figure {
  const { better, ...rest } = input
  const ratio = better === 'higher' ? input.onemap.value / input.baseline.value : input.baseline.value / input.onemap.value
  const speedup = Math.round(ratio * 100) / 100
  return { ...rest, speedup, met: speedup >= input.target }
}

/** Round to a few significant digits for the report. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(value))))
  return Math.round(value * scale) / scale
}
