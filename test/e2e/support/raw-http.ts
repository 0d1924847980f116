/**
 * A raw HTTP/1.1 connection (node:net) for tests of the server's edges: send any bytes at any pace, read the
 * responses one by one, and see how and when the server closes the socket (and whether with an error).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class RawConnection {
  readonly errors: Error[] = [];
  /** Resolves when the socket is closed, by either side. */
  readonly closed: Promise<void>;
  private buffer = Buffer.alloc(0);
  private readonly responses: RawResponse[] = [];
  private wake: (() => void) | undefined;
  private isClosed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on('error', (e) => this.errors.push(e));
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get open(): boolean {
    return !this.isClosed;
  }

  write(data: string): void {
    this.socket.write(data);
  }

  /** The next response (100 Continue included); rejects if the socket closes first. */
  async response(): Promise<RawResponse> {
    while (this.responses.length === 0) {
      if (this.isClosed) throw new Error(`the connection closed before a response (received: ${JSON.stringify(this.buffer.toString())})`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.responses.shift()!;
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = this.buffer.subarray(0, end).toString().split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers['content-length'] ?? 0);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString();
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
      this.wake?.();
    }
  }
}

/** The head of a request with a body of `length` bytes, asking for 100 Continue so the test knows it arrived. */
export function requestHead(method: string, path: string, length: number, extra: Record<string, string> = {}): string {
  const headers = { Host: '127.0.0.1', 'Content-Type': 'application/json', 'Content-Length': String(length), ...extra };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}
