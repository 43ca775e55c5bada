import { el } from './dom.js'
import type { I18n } from './i18n.js'
import type { Job } from './job.types.js'
import type { MessageKey } from './messages.js'

const STAGES = new Set(['load', 'index', 'publish', 'done'])

/** "3.4 MB", "512 KB": binary units, one decimal from MB up. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

/** A progress bar; without a percent it is the moving "no idea yet" bar. */
function bar(percent: number | undefined, label: string): HTMLProgressElement {
  const progress = el('progress', { class: 'om-progress', max: '100', 'aria-label': label })
  if (percent !== undefined) progress.value = percent
  return progress
}

/** The upload of the file: bytes sent of the whole request, as a bar and in words. */
export function uploadProgressView(file: string, loaded: number, total: number, i18n: I18n): HTMLElement {
  const percent = total > 0 ? Math.min(100, Math.floor((100 * loaded) / total)) : undefined
  const heading = i18n.t('import.uploading', { file })
  return el('div', { class: 'om-import__progress', 'data-phase': 'uploading' }, [
    el('p', { class: 'om-import__heading' }, [heading]),
    bar(percent, heading),
    el('p', { class: 'om-import__numbers' }, [total > 0 ? i18n.t('import.uploadBytes', { loaded: formatBytes(loaded), total: formatBytes(total), percent: percent ?? 0 }) : formatBytes(loaded)]),
  ])
}

/** The name of the stage an import job is in, in the UI language. */
export function stageLabel(job: Job, i18n: I18n): string {
  const stage = job.state === 'queued' ? 'queued' : job.progress.stage ?? 'load'
  return STAGES.has(stage) || stage === 'queued' ? i18n.t(`import.stage.${stage}` as MessageKey) : stage
}

/** A running import: stage, percent and features read/written, from the job's progress. */
export function jobProgressView(job: Job, file: string, layer: string, i18n: I18n): HTMLElement {
  const p = job.progress
  const percent = job.state === 'queued' ? undefined : p.percent ?? 0
  const heading = i18n.t('import.running', { file, layer })
  const format = (n: number | undefined) => (n ?? 0).toLocaleString(i18n.lang === 'zh' ? 'zh-CN' : 'en')
  const counts = p.total !== undefined ? i18n.t('import.counts', { read: format(p.read), written: format(p.written), total: format(p.total) }) : ''
  return el('div', { class: 'om-import__progress', 'data-phase': 'running', 'data-stage': p.stage ?? job.state }, [
    el('p', { class: 'om-import__heading' }, [heading]),
    el('p', { class: 'om-import__stage' }, [
      el('span', {}, [stageLabel(job, i18n)]),
      el('span', { class: 'om-import__percent', 'data-percent': percent ?? '' }, [percent === undefined ? '' : `${percent}%`]),
    ]),
    bar(percent, heading),
    el('p', { class: 'om-import__numbers', 'data-read': p.read ?? '', 'data-written': p.written ?? '' }, [counts]),
  ])
}
