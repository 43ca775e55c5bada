import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/** The API server `npm run dev` starts; the Vite dev server forwards data requests to it. */
const apiServer = 'http://127.0.0.1:3000'

/** The web client: sources in web/, built into web/dist, which the server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // MapLibre alone is ~1 MB minified; the warning would fire on every build and say nothing new.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': apiServer, '/tiles': apiServer, '/ogc': apiServer },
  },
})
