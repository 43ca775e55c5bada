import type { Database } from '../db/database.js'

/** Placeholder until the dictionaries module lands: loads nothing. */
export async function seedDictionaries(_db: Database): Promise<void> {}
