import { MESSAGES, type Language, type MessageKey } from './messages.js'

const STORAGE_KEY = 'onemap.lang'

/** The language a visitor gets before choosing: Chinese for a browser whose first language is Chinese. */
export function preferredLanguage(languages: readonly string[]): Language {
  return languages[0]?.toLowerCase().startsWith('zh') ? 'zh' : 'en'
}

/** Reads the stored choice; storage may be unavailable (private mode, file://). */
function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return value === 'zh' || value === 'en' ? value : undefined
  } catch {
    return undefined
  }
}

/** The current UI language, its messages, and listeners told when it changes. */
export class I18n {
  #lang: Language
  readonly #listeners = new Set<(lang: Language) => void>()

  constructor(lang: Language = storedLanguage() ?? preferredLanguage(navigator.languages ?? [navigator.language])) {
    this.#lang = lang
  }

  get lang(): Language {
    return this.#lang
  }

  /** The message for `key` with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const text: string = MESSAGES[this.#lang][key]
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  }

  /** Picks the zh or en variant of a catalog text. */
  pick(text: { zh: string; en: string }): string {
    return this.#lang === 'zh' ? text.zh : text.en
  }

  /** Switches language, remembers the choice, and tells every listener. */
  setLang(lang: Language): void {
    if (lang === this.#lang) return
    this.#lang = lang
    try {
      localStorage.setItem(STORAGE_KEY, lang)
    } catch {
      // The choice then lasts only for this page; nothing else depends on it.
    }
    for (const listener of this.#listeners) listener(lang)
  }

  /** Registers a listener; returns the function that removes it. */
  onChange(listener: (lang: Language) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
