import type { Config } from '../../server/config/config.js'
import type { PgDatabase } from '../../server/db/pg-database.js'

/** A measured quantity with its unit, e.g. { value: 812.4, unit: 'tiles/s' }. */
export interface Measure {
  value: number
  unit: string
}

/** Which direction is better for a figure: throughput is 'higher', time and size are 'lower'. */
export type Better = 'higher' | 'lower'

/**
 * One line of the benchmark table. `speedup` is baseline ÷ OneMap for times and sizes, OneMap ÷ baseline
 * for throughputs, so above 1 always means OneMap is better; `target` is the speedup the figure must reach.
 */
export interface Figure {
  name: string
  onemap: Measure
  baseline: Measure & { label: string }
  speedup: number
  target: number
  met: boolean
  notes?: string
}

/** A running OneMap HTTP server for a bench: one or more instances on 127.0.0.1, free ports. */
export interface BenchServer {
  /** The first instance's base URL. */
  url: string
  /** Every instance's base URL; spread requests over them as a load balancer would. */
  urls: string[]
  close(): Promise<void>
}

/** What every bench gets: the PostGIS database (demo loaded), the run's mode and helpers. */
export interface BenchContext {
  db: PgDatabase
  config: Config
  /**
   * `--quick`: the same data and scale, about half the requests (the whole run must finish within
   * 10 minutes on 2 cores; a full run from an empty database takes ≈ 3).
   */
  quick: boolean
  /**
   * Start OneMap (the real app, real HTTP, separate processes) on the bench database with some
   * settings changed; `instances` processes (default 1).
   */
  startServer(overrides?: Partial<Config>, instances?: number): Promise<BenchServer>
  log(line: string): void
}

/** A bench module's default export: a name and a function that measures figures, baselines included. */
export interface Bench {
  name: string
  run(ctx: BenchContext): Promise<Figure[]>
}
