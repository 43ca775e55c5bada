import { Agent, request } from 'node:http'

/** A keep-alive HTTP client light enough not to be what a throughput figure measures. */
export class HttpClient {
  private readonly agent: Agent

  constructor(maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets })
  }

  /** GET a URL, reading (not decoding) the body; resolves with the status and the body length. */
  get(url: string, headers: Record<string, string> = { 'accept-encoding': 'gzip' }): Promise<{ status: number; bytes: number }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: this.agent, headers }, (res) => {
        let bytes = 0
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end()
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
