import { el } from './dom.js'
import type { I18n } from './i18n.js'

export type NoticeLevel = 'error' | 'warning' | 'info'

interface Notice {
  level: NoticeLevel
  /** Called on every render, so a notice follows the language switch. */
  text: () => string
}

/** Messages across the top of the map (failed requests and the like), one per key, each dismissable. */
export class NoticeArea {
  readonly element: HTMLElement
  readonly #notices = new Map<string, Notice>()
  readonly #removeLanguageListener: () => void
  readonly #onClick = (event: MouseEvent) => {
    const key = (event.target as HTMLElement).closest<HTMLElement>('[data-dismiss]')?.dataset.dismiss
    if (key !== undefined) this.dismiss(key)
  }

  constructor(
    parent: HTMLElement,
    readonly i18n: I18n,
  ) {
    this.element = el('div', { class: 'om-notices' })
    this.element.addEventListener('click', this.#onClick)
    parent.append(this.element)
    this.#removeLanguageListener = i18n.onChange(() => this.#render())
  }

  /** Shows or replaces the notice under `key`. */
  show(key: string, level: NoticeLevel, text: () => string): void {
    this.#notices.set(key, { level, text })
    this.#render()
  }

  dismiss(key: string): void {
    if (this.#notices.delete(key)) this.#render()
  }

  destroy(): void {
    this.element.removeEventListener('click', this.#onClick)
    this.#removeLanguageListener()
    this.element.remove()
  }

  #render(): void {
    this.element.replaceChildren(...[...this.#notices].map(([key, notice]) =>
      el('div', { class: `om-notice om-notice--${notice.level}`, role: notice.level === 'error' ? 'alert' : 'status', 'data-notice': key }, [
        el('span', { class: 'om-notice__text' }, [notice.text()]),
        el('button', { type: 'button', class: 'om-icon-button', 'data-dismiss': key, title: this.i18n.t('dismiss'), 'aria-label': this.i18n.t('dismiss') }, ['×']),
      ])))
  }
}
