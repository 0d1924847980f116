/**
 * LeasedWork over a lease whose server is a variable here (who holds it, whether a check passes): the work starts
 * only while held, stops on a loss, starts again when the lease comes back, and `stop` stops it and releases the
 * lease. The real servers' leases are in redis-lease.int.spec.ts and postgres-lease.int.spec.ts.
 */
import { Logger } from '@nestjs/common';
import { BaseLease, NoLease } from './lease';
import { LeasedWork } from './leased-work';

/** A lease "server": one holder at a time, by token. */
class Server {
  holder: string | undefined;
}

class TestLease extends BaseLease {
  readonly kind = 'redis' as const;
  constructor(
    private readonly server: Server,
    private readonly id: string,
  ) {
    super('test', { retryMs: 10, checkMs: 10 });
  }
  protected async attempt(): Promise<boolean> {
    if (this.server.holder !== undefined && this.server.holder !== this.id) return false;
    this.server.holder = this.id;
    return true;
  }
  protected async verify(): Promise<boolean> {
    return this.server.holder === this.id;
  }
  protected async drop(): Promise<void> {
    if (this.server.holder === this.id) this.server.holder = undefined;
  }
  protected async dispose(): Promise<void> {}
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const quiet = new Logger('test');
quiet.log = quiet.warn = quiet.error = () => undefined;

describe('LeasedWork', () => {
  function worker(server: Server, id: string) {
    const log: string[] = [];
    const lease = new TestLease(server, id);
    const work = new LeasedWork(lease, { start: () => void log.push('start'), stop: () => void log.push('stop') }, quiet);
    return { lease, work, log };
  }

  it('runs the work in one of two processes; the other starts it only when the holder stops', async () => {
    const server = new Server();
    const a = worker(server, 'a');
    const b = worker(server, 'b');
    await a.work.run();
    void b.work.run();
    await new Promise((r) => setTimeout(r, 50));
    expect(a.log).toEqual(['start']);
    expect(b.log).toEqual([]);
    expect([a.work.state, b.work.state]).toEqual(['holding', 'standby']);
    await a.work.stop();
    expect(a.log).toEqual(['start', 'stop']);
    await until(() => b.log.length === 1);
    expect(b.work.state).toBe('holding');
    await b.work.stop();
    expect(server.holder).toBeUndefined();
  });

  it('stops the work on a loss and starts it again once the lease is held again', async () => {
    const server = new Server();
    const a = worker(server, 'a');
    await a.work.run();
    server.holder = 'someone-else';
    await until(() => a.log.length === 2);
    expect(a.log).toEqual(['start', 'stop']);
    expect(a.work.state).toBe('standby');
    server.holder = undefined;
    await until(() => a.log.length === 3);
    expect(a.log).toEqual(['start', 'stop', 'start']);
    await a.work.stop();
    expect(a.log).toEqual(['start', 'stop', 'start', 'stop']);
  });

  it('gives the lease up when the work does not start, and tries again', async () => {
    const server = new Server();
    let attempts = 0;
    const lease = new TestLease(server, 'a');
    const work = new LeasedWork(lease, { start: () => { if (++attempts < 3) throw new Error('no'); }, stop: () => undefined }, quiet);
    void work.run();
    await until(() => attempts >= 3 && work.state === 'holding');
    await work.stop();
  });

  it('runs at once and forever under the embedded profile (NoLease)', async () => {
    const log: string[] = [];
    const work = new LeasedWork(new NoLease('x'), { start: () => void log.push('start'), stop: () => void log.push('stop') }, quiet);
    await work.run();
    expect(log).toEqual(['start']);
    await work.stop();
    expect(log).toEqual(['start', 'stop']);
  });
});
