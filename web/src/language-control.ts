import type { IControl } from 'maplibre-gl'
import { el } from './dom.js'
import type { I18n } from './i18n.js'

/** A button that switches the interface between Chinese and English; the choice is remembered. */
export class LanguageControl implements IControl {
  #container?: HTMLElement
  #button?: HTMLButtonElement
  #removeLanguageListener?: () => void
  readonly #onClick = () => this.i18n.setLang(this.i18n.lang === 'zh' ? 'en' : 'zh')

  constructor(readonly i18n: I18n) {}

  onAdd(): HTMLElement {
    this.#button = el('button', { type: 'button', class: 'om-language', 'data-action': 'language' })
    this.#button.addEventListener('click', this.#onClick)
    this.#container = el('div', { class: 'maplibregl-ctrl maplibregl-ctrl-group' }, [this.#button])
    this.#removeLanguageListener = this.i18n.onChange(() => this.#render())
    this.#render()
    return this.#container
  }

  onRemove(): void {
    this.#button?.removeEventListener('click', this.#onClick)
    this.#removeLanguageListener?.()
    this.#container?.remove()
  }

  #render(): void {
    if (!this.#button) return
    this.#button.textContent = this.i18n.t('languageButton')
    this.#button.title = this.i18n.t('switchLanguage')
    this.#button.setAttribute('aria-label', this.i18n.t('switchLanguage'))
  }
}
