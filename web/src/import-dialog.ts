import { ApiError, type ApiClient } from './api-client.js'
import { el } from './dom.js'
import type { I18n } from './i18n.js'
import { ImportForm } from './import-form.js'
import { fieldsNamedIn } from './import-rules.js'
import { jobProgressView, uploadProgressView } from './import-progress-view.js'
import { importReportView } from './import-report-view.js'
import { ImportUpload } from './import-upload.js'
import { JobWatcher } from './job-watcher.js'
import type { ImportReport, Job } from './job.types.js'
import type { MessageKey } from './messages.js'
import type { NoticeArea } from './notice-area.js'

type ImportJob = Job<ImportReport>

/** A message above the form: why the last attempt did not import anything. */
interface Outcome {
  level: 'error' | 'info'
  heading: () => string
  detail?: () => string
  /** What to do next, in the current language. */
  hint?: () => string
}

type Phase =
  | { kind: 'form'; outcome?: Outcome }
  | { kind: 'uploading'; file: string; loaded: number; total: number }
  | { kind: 'running'; file: string; layer: string; job: ImportJob; cancelling: boolean }
  | { kind: 'succeeded'; job: ImportJob; report: ImportReport }

/** What the dialog needs from the page. */
export interface ImportDialogHost {
  api: ApiClient
  i18n: I18n
  notices: NoticeArea
  /** Ids of the layers in the catalog now. */
  existingLayers(): ReadonlySet<string>
  /** The catalog title of a layer, in the current language. */
  layerTitle(id: string): string | undefined
  /** Called when an import has finished: reload the catalog so the layer appears, and show it. */
  imported(layerId: string): Promise<void>
  zoomTo(layerId: string): void
}

/**
 * The import dialog: the form, then the upload with its progress, then the job's progress
 * (polled), then the report — or the server's reason, above the form, when nothing was imported.
 * Closing it stops nothing: the import goes on, and a notice says how it ended.
 */
export class ImportDialog {
  readonly element: HTMLDialogElement
  readonly form: ImportForm
  readonly #message = el('div', { class: 'om-import__message' })
  readonly #status = el('div', { class: 'om-import__status', 'aria-live': 'polite' })
  readonly #footer = el('footer', { class: 'om-dialog__footer' })
  #phase: Phase = { kind: 'form' }
  #upload?: AbortController
  #watcher?: JobWatcher<ImportReport>
  readonly #removeLanguageListener: () => void
  readonly #onClick = (event: MouseEvent) => this.#handleClick(event)
  readonly #onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    void this.#start()
  }

  constructor(readonly host: ImportDialogHost) {
    const { i18n } = host
    this.form = new ImportForm(i18n, () => host.existingLayers())
    this.element = el('dialog', { class: 'om-dialog om-import', 'aria-labelledby': 'om-import-title' }, [
      el('header', { class: 'om-dialog__header' }, [
        el('h2', { id: 'om-import-title', class: 'om-dialog__title' }),
        el('button', { type: 'button', class: 'om-icon-button', 'data-action': 'close' }, ['×']),
      ]),
      el('div', { class: 'om-dialog__body' }, [this.#message, this.form.element, this.#status]),
      this.#footer,
    ])
    this.element.addEventListener('click', this.#onClick)
    this.form.element.addEventListener('submit', this.#onSubmit)
    document.body.append(this.element)
    this.#removeLanguageListener = i18n.onChange(() => this.#render())
    this.#render()
  }

  get isOpen(): boolean {
    return this.element.open
  }

  /** Opens on the form, or on the progress of the import still running; a finished report gives way to an empty form. */
  open(): void {
    if (this.#phase.kind === 'succeeded') this.#set({ kind: 'form' })
    if (!this.element.open) this.element.showModal()
    if (this.#phase.kind === 'form') this.form.element.querySelector<HTMLInputElement>('input[name="file"]')?.focus()
  }

  close(): void {
    this.element.close()
  }

  destroy(): void {
    this.#upload?.abort()
    this.#watcher?.stop()
    this.element.removeEventListener('click', this.#onClick)
    this.form.element.removeEventListener('submit', this.#onSubmit)
    this.#removeLanguageListener()
    this.element.remove()
  }

  #set(phase: Phase): void {
    this.#phase = phase
    this.#render()
  }

  #handleClick(event: MouseEvent): void {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action
    if (action === 'close') this.close()
    else if (action === 'submit') void this.#start()
    else if (action === 'stop-upload') this.#upload?.abort(new DOMException('Stopped by the user.', 'AbortError'))
    else if (action === 'cancel-job') void this.#cancelJob()
    else if (action === 'another') this.#another()
    else if (action === 'zoom' && this.#phase.kind === 'succeeded') this.#zoomTo(this.#phase.report.layer)
  }

  async #start(): Promise<void> {
    if (this.#phase.kind !== 'form' || !this.form.validate()) return
    const file = this.form.file!.name
    const layer = this.form.layer
    const upload = new AbortController()
    this.#upload = upload
    this.#set({ kind: 'uploading', file, loaded: 0, total: this.form.file!.size })
    const request = new ImportUpload(this.host.api.url('/api/imports'), this.form.formData(), ({ loaded, total }) => {
      if (this.#phase.kind === 'uploading') this.#set({ ...this.#phase, loaded, total: total || this.#phase.total })
    })
    try {
      const job = await request.send(upload.signal) as ImportJob
      await this.#follow(job, file, layer)
    } catch (error) {
      this.#uploadFailed(error, file)
    } finally {
      this.#upload = undefined
    }
  }

  #uploadFailed(error: unknown, file: string): void {
    if ((error as { name?: string }).name === 'AbortError') {
      this.#finish({ level: 'info', heading: () => this.host.i18n.t('import.stopped') }, file)
      return
    }
    const refused = error instanceof ApiError && error.kind === 'http' && error.detail !== undefined && (error.status ?? 500) < 500
    this.#finish({ level: 'error', heading: () => this.host.i18n.t('import.refused'), detail: () => this.#reason(error), hint: refused ? this.#hintFor(error.detail!) : undefined }, file)
  }

  /** Points at the fields the server's message names (its words are the CLI's: "pass --srs …") and says so. */
  #hintFor(detail: string): () => string {
    const names = fieldsNamedIn(detail)
    this.form.pointTo(names)
    return () => {
      const { i18n } = this.host
      const labels = this.form.labelsOf(names)
      return labels.length === 0 ? i18n.t('import.refusedHint') : i18n.t('import.refusedHintField', { fields: labels.map((l) => `“${l}”`).join(i18n.lang === 'zh' ? '、' : ', ') })
    }
  }

  /** The server's own words when it sent a problem detail; otherwise what went wrong on the way. */
  #reason(error: unknown): string {
    if (error instanceof ApiError) return error.kind === 'http' && error.detail ? error.detail : error.describe(this.host.i18n, this.host.api.timeoutMs / 1000)
    return String(error)
  }

  async #follow(created: ImportJob, file: string, layer: string): Promise<void> {
    this.#set({ kind: 'running', file, layer, job: created, cancelling: false })
    const watcher = new JobWatcher<ImportReport>(this.host.api, created, (job) => {
      if (this.#phase.kind === 'running') this.#set({ ...this.#phase, job, cancelling: this.#phase.cancelling || job.cancelRequested })
    })
    this.#watcher = watcher
    let job: ImportJob
    try {
      job = await watcher.run()
    } catch (error) {
      const reason = this.#reason(error)
      this.#finish({ level: 'error', heading: () => this.host.i18n.t('import.lostTrack', { reason }) }, file)
      return
    } finally {
      this.#watcher = undefined
    }
    await this.#ended(job, file)
  }

  async #ended(job: ImportJob, file: string): Promise<void> {
    const { i18n } = this.host
    if (job.state === 'succeeded' && job.result) {
      await this.host.imported(job.result.layer).catch(() => undefined)
      this.#set({ kind: 'succeeded', job, report: job.result })
      this.form.reset()
      this.#notifyIfClosed('info', () => i18n.t('import.doneNotice', { title: this.#title(job.result!.layer), count: job.result!.features.written }))
    } else if (job.state === 'cancelled') {
      this.#finish({ level: 'info', heading: () => i18n.t('import.cancelled') }, file)
    } else {
      this.#finish({ level: 'error', heading: () => i18n.t('import.failed'), detail: () => job.error ?? '' }, file)
    }
  }

  /** Back to the form (values kept, so the person can change what the message asks), with the outcome above it. */
  #finish(outcome: Outcome, file: string): void {
    this.#set({ kind: 'form', outcome })
    const text = () => outcome.detail ? `${outcome.heading()} — ${outcome.detail()}` : outcome.heading()
    this.#notifyIfClosed(outcome.level, () => this.host.i18n.t('import.failedNotice', { file, reason: text() }))
  }

  #notifyIfClosed(level: 'info' | 'error', text: () => string): void {
    if (!this.element.open) this.host.notices.show('import', level, text)
  }

  async #cancelJob(): Promise<void> {
    if (this.#phase.kind !== 'running' || !this.#watcher) return
    this.#set({ ...this.#phase, cancelling: true })
    // A 409 means it finished first; the poll reports whichever way it ended.
    await this.#watcher.cancel().catch(() => undefined)
  }

  #another(): void {
    this.#set({ kind: 'form' })
    this.open()
  }

  #zoomTo(layerId: string): void {
    this.close()
    this.host.zoomTo(layerId)
  }

  #title(layerId: string): string {
    return this.host.layerTitle(layerId) ?? layerId
  }

  #render(): void {
    const { i18n } = this.host
    const phase = this.#phase
    this.element.querySelector('.om-dialog__title')!.textContent = i18n.t('import.title')
    const close = this.element.querySelector<HTMLElement>('[data-action="close"]')!
    close.title = i18n.t('import.close')
    close.setAttribute('aria-label', i18n.t('import.close'))
    this.form.translate()
    this.form.element.hidden = phase.kind !== 'form'
    this.form.setDisabled(phase.kind !== 'form')
    this.#message.replaceChildren(...(phase.kind === 'form' && phase.outcome ? [this.#outcomeView(phase.outcome)] : []))
    this.#status.replaceChildren(...this.#statusContent(phase))
    this.#footer.replaceChildren(...this.#buttons(phase))
    this.element.dataset.phase = phase.kind
    if (phase.kind === 'running' || phase.kind === 'succeeded') this.element.dataset.jobId = phase.job.id
    else delete this.element.dataset.jobId
  }

  #outcomeView(outcome: Outcome): HTMLElement {
    return el('div', { class: `om-import__outcome om-import__outcome--${outcome.level}`, role: outcome.level === 'error' ? 'alert' : 'status' }, [
      el('p', { class: 'om-import__outcome-heading' }, [outcome.heading()]),
      outcome.detail ? el('p', { class: 'om-import__detail' }, [outcome.detail()]) : null,
      outcome.hint ? el('p', { class: 'om-import__hint' }, [outcome.hint()]) : null,
    ])
  }

  #statusContent(phase: Phase): HTMLElement[] {
    const { i18n } = this.host
    const background = el('p', { class: 'om-import__hint' }, [i18n.t('import.background')])
    if (phase.kind === 'uploading') return [uploadProgressView(phase.file, phase.loaded, phase.total, i18n), background]
    if (phase.kind === 'running') return [jobProgressView(phase.job, phase.file, phase.layer, i18n), background]
    if (phase.kind !== 'succeeded') return []
    const title = this.#title(phase.report.layer)
    return [
      el('p', { class: 'om-import__success', role: 'status' }, [i18n.t('import.succeeded', { title, layer: phase.report.layer })]),
      importReportView(phase.report, i18n, phase.job.links.self),
    ]
  }

  #buttons(phase: Phase): HTMLElement[] {
    const { i18n } = this.host
    const button = (action: string, label: MessageKey, primary = false, disabled = false) =>
      el('button', { type: 'button', class: primary ? 'om-button' : 'om-button om-button--plain', 'data-action': action, disabled }, [i18n.t(label)])
    if (phase.kind === 'form') return [button('close', 'import.cancel'), button('submit', 'import.submit', true)]
    if (phase.kind === 'uploading') return [button('stop-upload', 'import.stopUpload')]
    if (phase.kind === 'running') return [button('cancel-job', phase.cancelling ? 'import.cancelling' : 'import.cancelJob', false, phase.cancelling)]
    return [button('another', 'import.another'), button('close', 'import.close'), button('zoom', 'import.zoomTo', true)]
  }
}
