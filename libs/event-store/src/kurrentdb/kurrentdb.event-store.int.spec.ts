/**
 * The KurrentDB adapter against a real KurrentDB ≥ 25.1 node: the same contract suite as SQLite and memory, plus
 * two stores (two processes' worth) appending to one log at once. Runs whenever KURRENTDB_URL is set, e.g.
 *   docker run --rm -p 2113:2113 kurrentplatform/kurrentdb:25.1 --insecure --run-projections=None
 *   KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false' npx jest kurrentdb
 * Without it the suite does NOT run and says so (a todo entry and a notice), so it never counts as a pass: no
 * KurrentDB server can be installed on the development machines, and no mock server stands in for one.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { newEvent, range, take } from '../contract.fixtures';
import { EventStoreError } from '../errors';
import { describeEventStoreContract } from '../event-store.contract';
import { KurrentDbEventStore } from './kurrentdb.event-store';

const url = process.env.KURRENTDB_URL;
const NOT_RUN = 'KurrentDB contract suite NOT RUN: KURRENTDB_URL is not set';

/** A store of its own on the shared server: a fresh prefix is a fresh, empty store. */
const freshPrefix = (): string => `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;

describe('KurrentDbEventStore.open', () => {
  it('is loaded only when opened: importing @shenbao/event-store does not load the KurrentDB client', () => {
    const index = join(__dirname, '..', 'index.ts');
    const script =
      `require('@swc-node/register'); const lib = require(${JSON.stringify(index)});` +
      `const loaded = () => Object.keys(require.cache).some((k) => k.includes('@kurrent'));` +
      `const before = loaded(); lib.openKurrentDbEventStore({ connectionString: 'nonsense' })` +
      `.catch((e) => process.stdout.write(JSON.stringify([before, loaded(), e.name])));`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: join(__dirname, '../../../..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([false, true, 'EventStoreError']);
  });

  it('refuses a connection string the client cannot read, naming KURRENTDB_URL', async () => {
    await expect(KurrentDbEventStore.open({ connectionString: 'esdb+nonsense' })).rejects.toThrow(
      /^KURRENTDB_URL is not a valid KurrentDB connection string/,
    );
  });

  it('refuses a server that does not answer, before anything else uses the store', async () => {
    const open = KurrentDbEventStore.open({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    await expect(open).rejects.toThrow(EventStoreError);
    await expect(open).rejects.toThrow('KurrentDB does not answer at KURRENTDB_URL');
  });

  it('refuses a prefix KurrentDB would not take as a stream name', async () => {
    await expect(KurrentDbEventStore.open({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false', prefix: 'a:b' })).rejects.toThrow(
      'KurrentDB prefix must be 1-64 characters',
    );
  });
});

if (url === undefined || url === '') {
  process.stderr.write(`\n  ${NOT_RUN} — set it to a KurrentDB >= 25.1 node (README, "Production") to run it.\n\n`);
  describe('kurrentdb: event store contract', () => {
    it.todo(NOT_RUN);
  });
} else {
  describeEventStoreContract(
    'kurrentdb',
    async (options) => {
      const prefix = freshPrefix();
      const open = () => KurrentDbEventStore.open({ connectionString: url, prefix, upcasters: options?.upcasters, pollIntervalMs: 200 });
      return { store: await open(), reopen: open };
    },
    // KurrentDB records are immutable: nothing can change a stored byte behind the store's back to test `verify` with.
    { skip: ['tamper'] },
  );

  describe('KurrentDbEventStore on a server', () => {
    it('two stores on one log (two processes) appending at once: every position once, dense, followed in order', async () => {
      const prefix = freshPrefix();
      const [a, b, follower] = await Promise.all(
        [1, 2, 3].map(() => KurrentDbEventStore.open({ connectionString: url, prefix, pollIntervalMs: 200 })),
      );
      try {
        const reading = take(follower.subscribeAll(0), 200, 60_000);
        const appended = await Promise.all(
          [a, b].map(async (store, s) => {
            const positions: number[] = [];
            for (let i = 0; i < 50; i += 1) {
              const result = await store.append([
                { stream: `case-${s}`, expectedRevision: i - 1, events: [newEvent({ i })] },
                { stream: 'program-1', expectedRevision: 'any', events: [newEvent({ i })] },
              ]);
              positions.push(...result.events.map((e) => e.position));
            }
            return positions;
          }),
        );
        expect(appended.flat().sort((x, y) => x - y)).toEqual(range(1, 200));
        const seen = await reading;
        expect(seen.map((e) => e.position)).toEqual(range(1, 200));
        expect((await a.readStream('program-1')).map((e) => e.revision)).toEqual(range(0, 99));
        expect(await b.verify('program-1')).toEqual({ ok: true, checked: 100 });
      } finally {
        await Promise.all([a.close(), b.close(), follower.close()]);
      }
    });
  });
}
