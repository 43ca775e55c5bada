import type { Database } from '../db/database.js'

export type DemoScale = 'tiny' | 'small' | 'medium' | 'large'
export interface DemoProgress { stage: string; done: number; total: number }
export interface DemoOptions { scale: DemoScale; seed: number; onProgress?: (p: DemoProgress) => void }

/** Placeholder until the demo generator lands: loads nothing. */
export async function loadDemo(_db: Database, _options: DemoOptions): Promise<void> {}
