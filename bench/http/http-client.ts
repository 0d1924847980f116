/**
 * A tiny JSON client over node:http with one keep-alive agent, for the HTTP benchmark: it times each request from
 * the moment it is sent to the end of the response body (hrtime), and never throws on an HTTP status — the caller
 * decides what a status means. Loopback only.
 */
import { Agent, request } from 'node:http';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  /** Send to last byte of the body, in milliseconds. */
  ms: number;
}

export class JsonClient {
  readonly agent: Agent;

  constructor(
    private readonly port: number,
    maxSockets: number,
  ) {
    // One socket per concurrent loop, kept open: the benchmark measures the server, not TCP handshakes.
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send<T = unknown>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string | number> = { accept: 'application/json', ...opts.headers };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T, ms });
        });
      });
      // A hung server must not hang the benchmark.
      req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} timed out after 10 s`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Sends and insists on one status; the error names the request and the body. */
  async expect<T = unknown>(status: number, method: string, path: string, opts: Parameters<JsonClient['send']>[2] = {}): Promise<T> {
    const res = await this.send<T>(method, path, opts);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** What the load loops need of a client: one server's JsonClient, or several behind a spreading one (bench/replicas). */
export type HttpClient = Pick<JsonClient, 'send' | 'expect'>;

/** Value at quantile q (0..1) of an ascending-sorted array; nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    count: arr.length,
    p50: round(quantile(arr, 0.5)),
    p90: round(quantile(arr, 0.9)),
    p99: round(quantile(arr, 0.99)),
    max: round(arr.length === 0 ? Number.NaN : arr[arr.length - 1]),
  };
}
