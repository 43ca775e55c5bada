import { el } from './dom.js'
import type { I18n } from './i18n.js'
import type { MessageKey } from './messages.js'
import {
  checkFile, checkLayerId, checkSrs, checkYear, FILE_ACCEPT, IMPORT_KINDS, IMPORT_MODES, IMPORT_TIERS, normaliseSrs, suggestLayerId,
  type Check, type ImportMode,
} from './import-rules.js'

/** Text fields sent as typed (trimmed), by the names POST /api/imports reads (server/imports/import-request.ts). */
const TEXT_FIELDS = ['layer', 'title', 'titleEn', 'kind', 'tier', 'year', 'encoding', 'entry', 'geometry'] as const
const GEOMETRIES = ['', 'point', 'line', 'polygon'] as const

type Control = HTMLInputElement | HTMLSelectElement

/** An element whose text is the message `key`, kept in the current language by translate(). */
function text<K extends keyof HTMLElementTagNameMap>(tag: K, key: MessageKey, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  return el(tag, { ...attributes, 'data-msg': key })
}

function options(values: readonly string[], keyOf: (value: string) => MessageKey): HTMLOptionElement[] {
  return values.map((value) => text('option', keyOf(value), { value }))
}

/**
 * The import form: file, layer id and mode, titles, kind, tier, year, and the advanced overrides
 * (encoding, CRS, zip entry, geometry kind, GCJ-02). It checks values before upload and says
 * beside each field what to change; it builds the multipart body with the server's field names.
 */
export class ImportForm {
  readonly element: HTMLFormElement
  readonly #fieldset: HTMLFieldSetElement
  /** The label of each field, for messages that name fields. */
  readonly #labels = new Map<string, MessageKey>([['mode', 'import.mode']])
  #layerTyped = false

  constructor(
    readonly i18n: I18n,
    /** Ids of the layers in the catalog now, for the create/replace/append check. */
    readonly existingLayers: () => ReadonlySet<string>,
  ) {
    this.#fieldset = el('fieldset', { class: 'om-import-form__fields' }, [
      this.#field('file', 'import.file', el('input', { type: 'file', accept: FILE_ACCEPT }), 'import.fileHint'),
      this.#field('layer', 'import.layer', el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '63', list: 'om-import-layers' }), 'import.layerHint'),
      el('datalist', { id: 'om-import-layers' }),
      this.#modeChoice(),
      el('div', { class: 'om-import-form__row' }, [
        this.#field('title', 'import.titleZh', el('input', { type: 'text', 'data-msg-placeholder': 'import.titlePlaceholder' })),
        this.#field('titleEn', 'import.titleEn', el('input', { type: 'text', 'data-msg-placeholder': 'import.titlePlaceholder' })),
      ]),
      el('div', { class: 'om-import-form__row' }, [
        this.#field('kind', 'import.kind', el('select', {}, options(IMPORT_KINDS, (k) => `import.kind.${k}` as MessageKey))),
        this.#field('tier', 'import.tier', el('select', {}, options(IMPORT_TIERS, (t) => `tier.${t}` as MessageKey))),
        this.#field('year', 'import.year', el('input', { type: 'text', inputmode: 'numeric', maxlength: '4', 'data-msg-placeholder': 'import.yearPlaceholder' })),
      ]),
      this.#advanced(),
    ])
    this.element = el('form', { class: 'om-import-form', novalidate: true }, [this.#fieldset])
    this.element.addEventListener('input', (event) => this.#onInput(event))
    this.element.addEventListener('change', (event) => this.#onChange(event))
    this.translate()
  }

  #field(name: string, label: MessageKey, control: Control, hint?: MessageKey): HTMLElement {
    const id = `om-import-${name}`
    this.#labels.set(name, label)
    control.id = id
    control.name = name
    return el('div', { class: 'om-field', 'data-field': name }, [
      text('label', label, { for: id, class: 'om-field__label' }),
      control,
      hint ? text('p', hint, { class: 'om-field__hint' }) : null,
      el('p', { class: 'om-field__error', role: 'alert', hidden: true }),
    ])
  }

  #modeChoice(): HTMLElement {
    return el('div', { class: 'om-field om-import-form__modes', role: 'radiogroup', 'data-field': 'mode' }, [
      text('span', 'import.mode', { class: 'om-field__label' }),
      ...IMPORT_MODES.map((mode) => el('label', { class: 'om-choice' }, [
        el('input', { type: 'radio', name: 'mode', value: mode, checked: mode === 'create' }),
        text('span', `import.mode.${mode}` as MessageKey),
      ])),
    ])
  }

  #advanced(): HTMLElement {
    return el('details', { class: 'om-import-form__advanced' }, [
      text('summary', 'import.advanced'),
      el('div', { class: 'om-import-form__row' }, [
        this.#field('encoding', 'import.encoding', el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-msg-placeholder': 'import.encodingPlaceholder' })),
        this.#field('srs', 'import.srs', el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-msg-placeholder': 'import.srsPlaceholder' })),
      ]),
      el('div', { class: 'om-import-form__row' }, [
        this.#field('entry', 'import.entry', el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-msg-placeholder': 'import.entryPlaceholder' })),
        this.#field('geometry', 'import.geometry', el('select', {}, options(GEOMETRIES, (g) => `import.geometry.${g || 'auto'}` as MessageKey))),
      ]),
      el('label', { class: 'om-choice' }, [el('input', { type: 'checkbox', name: 'gcj02', id: 'om-import-gcj02' }), text('span', 'import.gcj02')]),
    ])
  }

  /** Puts every label, hint and option into the current language. */
  translate(): void {
    for (const node of this.element.querySelectorAll<HTMLElement>('[data-msg]')) node.textContent = this.i18n.t(node.dataset.msg as MessageKey)
    for (const node of this.element.querySelectorAll<HTMLInputElement>('[data-msg-placeholder]')) node.placeholder = this.i18n.t(node.dataset.msgPlaceholder as MessageKey)
    for (const node of this.element.querySelectorAll<HTMLElement>('.om-field__error[data-reason]')) node.textContent = this.i18n.t(node.dataset.reason as MessageKey)
  }

  #control<T extends Control = HTMLInputElement>(name: string): T {
    return this.element.querySelector<T>(`[name="${name}"]`)!
  }

  get file(): File | undefined {
    return this.#control('file').files?.[0]
  }

  get mode(): ImportMode {
    return (this.element.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value ?? 'create') as ImportMode
  }

  get layer(): string {
    return this.#control('layer').value.trim()
  }

  /** Checks every field, shows the reasons beside the fields, and focuses the first one to fix. */
  validate(): boolean {
    const checks: [string, Check][] = [
      ['file', checkFile(this.file?.name)],
      ['layer', checkLayerId(this.layer, this.mode, this.existingLayers())],
      ['year', checkYear(this.#control('year').value.trim())],
      ['srs', checkSrs(this.#control('srs').value)],
    ]
    this.#clearPointers()
    for (const [name, check] of checks) this.#showCheck(name, check)
    const first = checks.find(([, check]) => !check.valid)
    if (first?.[0] === 'srs') this.element.querySelector('details')!.open = true
    if (first) this.#control(first[0]).focus()
    return !first
  }

  #showCheck(name: string, check: Check): void {
    const error = this.element.querySelector<HTMLElement>(`[data-field="${name}"] .om-field__error`)!
    const control = this.#control(name)
    error.hidden = check.valid
    if (check.valid) delete error.dataset.reason
    else error.dataset.reason = check.reason
    error.textContent = check.valid ? '' : this.i18n.t(check.reason)
    control.setAttribute('aria-invalid', String(!check.valid))
  }

  /** Marks the fields a server message names, opening the advanced options when one is there. */
  pointTo(names: string[]): void {
    this.#clearPointers()
    const fields = names.map((name) => this.element.querySelector<HTMLElement>(`[data-field="${name}"]`)).filter((f): f is HTMLElement => f !== null)
    for (const field of fields) field.classList.add('om-field--pointed')
    if (fields.some((f) => f.closest('details'))) this.element.querySelector('details')!.open = true
  }

  /** The labels of fields, in the current language. */
  labelsOf(names: string[]): string[] {
    return names.filter((name) => this.#labels.has(name)).map((name) => this.i18n.t(this.#labels.get(name)!))
  }

  #clearPointers(): void {
    for (const field of this.element.querySelectorAll('.om-field--pointed')) field.classList.remove('om-field--pointed')
  }

  /** The multipart body for POST /api/imports; empty fields are left out, so the server's defaults apply. */
  formData(): FormData {
    const data = new FormData()
    for (const name of TEXT_FIELDS) {
      const value = this.#control(name).value.trim()
      if (value !== '') data.set(name, value)
    }
    const srs = normaliseSrs(this.#control('srs').value)
    if (srs !== '') data.set('srs', srs)
    data.set('mode', this.mode)
    if (this.#control('gcj02').checked) data.set('gcj02', 'true')
    // The file goes last: the server reads the fields first and can refuse them before the upload ends.
    if (this.file) data.set('file', this.file, this.file.name)
    return data
  }

  /** Greys out the form while an upload or import runs. */
  setDisabled(disabled: boolean): void {
    this.#fieldset.disabled = disabled
  }

  /** Empties the form for the next file. */
  reset(): void {
    this.element.reset()
    this.element.querySelector('details')!.open = false
    this.#clearPointers()
    this.#layerTyped = false
    for (const name of ['file', 'layer', 'year', 'srs']) this.#showCheck(name, { valid: true })
  }

  #onInput(event: Event): void {
    const target = event.target as Control
    if (target.name === 'layer') this.#layerTyped = target.value !== ''
    // A field showing a reason is checked again as the person types, so the reason goes when it is fixed.
    if (target.getAttribute('aria-invalid') === 'true') this.#recheck(target.name)
  }

  #onChange(event: Event): void {
    const target = event.target as Control
    if (target.name === 'file') this.#fileChosen()
    if (target.name === 'mode') this.#modeChanged()
  }

  #fileChosen(): void {
    this.#recheck('file')
    const suggestion = this.file ? suggestLayerId(this.file.name) : ''
    if (!this.#layerTyped && suggestion) this.#control('layer').value = suggestion
    if (this.#control('layer').getAttribute('aria-invalid') === 'true') this.#recheck('layer')
  }

  /** Replace and append name an existing layer: the id field then suggests the catalog's ids. */
  #modeChanged(): void {
    const list = this.element.querySelector('datalist')!
    const ids = this.mode === 'create' ? [] : [...this.existingLayers()].sort()
    list.replaceChildren(...ids.map((id) => el('option', { value: id })))
    if (this.#control('layer').getAttribute('aria-invalid') === 'true' || this.layer !== '') this.#recheck('layer')
  }

  #recheck(name: string): void {
    if (name === 'file') this.#showCheck('file', checkFile(this.file?.name))
    else if (name === 'layer') this.#showCheck('layer', checkLayerId(this.layer, this.mode, this.existingLayers()))
    else if (name === 'year') this.#showCheck('year', checkYear(this.#control('year').value.trim()))
    else if (name === 'srs') this.#showCheck('srs', checkSrs(this.#control('srs').value))
  }
}
