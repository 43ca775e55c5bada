import type { Bench } from './lib/types.js'

/** Vector tile figures (filled in by the tiles capability). */
const tilesBench: Bench = {
  name: 'tiles',
  async run() {
    return []
  },
}

export default tilesBench
