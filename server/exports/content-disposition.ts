/**
 * `attachment` with the file name per RFC 6266: a plain ASCII `filename` for every client, plus
 * `filename*` (RFC 8187, UTF-8) when the name has characters outside printable ASCII.
 */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  if (ascii === filename) return `attachment; filename="${filename}"`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(filename)}`
}

function encodeRfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `<layer>-<YYYY-MM-DD>.<ext>`, dated on the server's calendar. */
export function exportFileName(layerId: string, extension: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
  return `${layerId}-${date}.${extension}`
}
