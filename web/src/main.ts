import 'maplibre-gl/dist/maplibre-gl.css'
import './styles.css'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { OneMapApp } from './onemap-app.js'
import { I18n } from './i18n.js'

declare global {
  interface Window {
    /** The map instance, for the browser tests and for poking at the map from the console. */
    onemapMap?: MapLibreMap
  }
}

/** Shown when the map cannot start at all (no WebGL): the rest of the page has nothing to hang on. */
function showFatal(error: unknown): void {
  const message = document.createElement('p')
  message.className = 'om-fatal'
  message.setAttribute('role', 'alert')
  message.textContent = `${new I18n().t('webglMissing')} (${error instanceof Error ? error.message : String(error)})`
  document.body.append(message)
}

const container = document.getElementById('map')
if (container) {
  try {
    const app = new OneMapApp(container)
    window.onemapMap = app.map
    void app.loadCatalog()
  } catch (error) {
    showFatal(error)
  }
}
