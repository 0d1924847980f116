/**
 * Forcing the interleavings of a race between API processes: `StoreGate` wraps each app's event store (holding
 * reads or appends until every racer has reached them) and counts the revision conflicts the store answered;
 * `counted` reads a counter from an app's metrics. Used by concurrency.e2e-spec.ts (two apps on one DATA_DIR) and
 * postgres-replicas.e2e-spec.ts (two replicas on one PostgreSQL schema).
 */
import { WrongExpectedRevisionError } from '@shenbao/event-store';
import type { EventStore, ReadStreamOptions, StreamWrite } from '@shenbao/event-store';
import { MetricsService } from '@shenbao/commands';
import type { TestApp } from './test-app';

/** Calls held until the gate opens; `open()` says whether it may. */
interface Gate {
  waiting: (() => void)[];
  open: () => boolean;
}

/**
 * Wraps both apps' event stores to force the interleavings a test needs, and counts the revision conflicts the
 * store answered. `holdReads`: the first read of each stream with a prefix waits until that many such streams are
 * being read (every command has loaded before any decides). `holdAppends`: the first append of each named store
 * that carries an event of a type waits until every named store has one waiting (two processes decided on the same
 * revision). Either lets everything go at once and then holds nothing more.
 */
export class StoreGate {
  conflicts = 0;
  private gate: Gate | undefined;
  private readonly read = new Set<string>();
  private readonly appending = new Set<string>();

  holdReads(prefix: string, streams: number): void {
    this.reset();
    this.gate = { waiting: [], open: () => [...this.read].filter((s) => s.startsWith(prefix)).length >= streams };
    this.holdRead = (stream) => stream.startsWith(prefix) && !this.read.has(stream);
  }

  holdAppends(eventType: string, stores: string[]): void {
    this.reset();
    this.gate = { waiting: [], open: () => stores.every((s) => this.appending.has(s)) };
    this.holdAppend = (store, writes) => stores.includes(store) && !this.appending.has(store) && writes.some((w) => w.events.some((e) => e.type === eventType));
  }

  wrap(name: string, store: EventStore): EventStore {
    const append = async (writes: StreamWrite[]) => {
      if (this.gate && this.holdAppend(name, writes)) {
        this.appending.add(name);
        await this.wait();
      }
      try {
        return await store.append(writes);
      } catch (e) {
        if (e instanceof WrongExpectedRevisionError) this.conflicts++;
        throw e;
      }
    };
    const readStream = async (stream: string, options?: ReadStreamOptions) => {
      if (this.gate && this.holdRead(stream)) {
        this.read.add(stream);
        await this.wait();
      }
      return store.readStream(stream, options);
    };
    // A proxy keeps the store what it is (the app checks for the SQLite store), with every other method its own.
    return new Proxy(store, {
      get: (target, p) => {
        if (p === 'append') return append;
        if (p === 'readStream') return readStream;
        const value: unknown = Reflect.get(target, p, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private holdRead: (stream: string) => boolean = () => false;
  private holdAppend: (store: string, writes: StreamWrite[]) => boolean = () => false;

  private reset(): void {
    this.holdRead = () => false;
    this.holdAppend = () => false;
    this.conflicts = 0;
    this.read.clear();
    this.appending.clear();
  }

  private wait(): Promise<void> {
    const gate = this.gate!;
    const released = new Promise<void>((resolve) => gate.waiting.push(resolve));
    if (gate.open()) {
      this.gate = undefined;
      gate.waiting.forEach((go) => go());
    }
    return released;
  }
}

/** The figure of a counter in the Prometheus text, 0 when it was never counted. */
export async function counted(t: TestApp, series: string): Promise<number> {
  const line = (await t.app.get(MetricsService).text()).split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
