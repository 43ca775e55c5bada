import { afterAll, beforeAll } from 'vitest'
import type { Database } from '../../server/db/database.js'
import type { TileSettings } from '../../server/tiles/tiles.service.js'
import { createTileFixtures, type TileFixtures } from '../tiles.fixtures.js'
import { openTestDatabase, uniqueLayerId } from './test-db.js'

/** The tile settings the service-level tile tests run with (the config defaults). */
export const TILE_TEST_SETTINGS: TileSettings = { TILE_EXTENT: 4096, TILE_BUFFER: 64, TILE_MAX_FEATURES: 20000 }

/** A caller who may read every fixture layer. */
export const TILE_TEST_CALLER = { clearance: 'confidential' as const }

/**
 * The shared set-up of the service-level tile test files: a test database with the tile fixture
 * layers, handed to `ready` before the file's tests and closed after them.
 */
export function useTileTestDatabase(ready: (db: Database, fixtures: TileFixtures) => void): void {
  let db: Database | undefined
  beforeAll(async () => {
    db = await openTestDatabase()
    ready(db, await createTileFixtures(db, uniqueLayerId))
  })
  afterAll(async () => db?.close())
}
