/**
 * SHA-256 and SM3 chains in one log (issue #16): a stream is chained with the hash its first event asks for, later
 * events follow the stream whatever they ask, SHA-256 events are stored exactly as before (no new field), and
 * `verify` checks each stream with its own hash. Run on the memory store and both SQLite writers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newEvent } from './contract.fixtures';
import { canonicalJson, GENESIS_HASH } from './hash-chain';
import { MemoryEventStore } from './memory.event-store';
import type { EventStore } from './port';
import { SqliteEventStore } from './sqlite.event-store';

const sm3 = (e = newEvent()) => ({ ...e, metadata: { ...e.metadata, hashAlgorithm: 'sm3' as const } });

type Opened = { store: EventStore; corrupt?: (stream: string, revision: number) => void; close: () => Promise<void> };

const adapters: [string, () => Promise<Opened>][] = [
  ['memory', async () => { const store = new MemoryEventStore(); return { store, close: () => store.close() }; }],
  ...(['inline', 'thread'] as const).map((writer): [string, () => Promise<Opened>] => [
    `sqlite (writer ${writer})`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shenbao-chain-'));
      const path = join(dir, 'events.sqlite');
      const store = await SqliteEventStore.open({ path, writer });
      return {
        store,
        corrupt: (stream, revision) => {
          const db = new Database(path);
          db.prepare(`UPDATE events SET data = json_set(data, '$.note', 'changed') WHERE stream = ? AND revision = ?`).run(stream, revision);
          db.close();
        },
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ]),
];

describe.each(adapters)('chain hash per stream (%s)', (_name, open) => {
  let o: Opened;
  beforeEach(async () => {
    o = await open();
  });
  afterEach(() => o.close());

  it('chains a stream with SM3 when its first event asks, keeps each stream on its own hash, and verifies both', async () => {
    await o.store.append([
      { stream: 'case-sm', expectedRevision: 'no_stream', events: [sm3(), newEvent()] },
      { stream: 'case-sha', expectedRevision: 'no_stream', events: [newEvent(), sm3()] },
    ]);
    await o.store.append([{ stream: 'case-sm', expectedRevision: 1, events: [newEvent()] }]);
    const smEvents = await o.store.readStream('case-sm');
    expect(smEvents.map((e) => e.metadata.hashAlgorithm)).toEqual(['sm3', 'sm3', 'sm3']);
    const shaEvents = await o.store.readStream('case-sha');
    expect(shaEvents.map((e) => 'hashAlgorithm' in e.metadata)).toEqual([false, false]);
    // The SM3 chain is SM3 over prevHash + the canonical envelope, as the SHA-256 one is SHA-256 over it.
    const first = smEvents[0];
    const { hash: _h, prevHash: _p, ...hashed } = first.metadata;
    const envelope = canonicalJson({ data: first.data, id: first.id, metadata: hashed, revision: 0, stream: 'case-sm', type: first.type });
    expect(first.metadata.hash).toBe(createHash('sm3').update(GENESIS_HASH).update(envelope).digest('hex'));
    expect(await o.store.verify('case-sm')).toEqual({ ok: true, checked: 3 });
    expect(await o.store.verify('case-sha')).toEqual({ ok: true, checked: 2 });
  });

  it('finds a changed SM3 event', async () => {
    if (!o.corrupt) return; // the memory store hands out copies; its tampering is covered by the contract suite
    await o.store.append([{ stream: 'case-sm', expectedRevision: 'no_stream', events: [sm3(), newEvent(), newEvent()] }]);
    o.corrupt('case-sm', 1);
    expect(await o.store.verify('case-sm')).toMatchObject({ ok: false, brokenAt: 1, reason: 'hash does not match the event content' });
  });

  it('refuses an unknown hash name, naming the field', async () => {
    const bad = newEvent();
    await expect(o.store.append([{ stream: 'x', expectedRevision: 'any', events: [{ ...bad, metadata: { ...bad.metadata, hashAlgorithm: 'md5' as never } }] }])).rejects.toThrow(
      `stream x: event ${bad.id} metadata.hashAlgorithm must be sha256 or sm3, got md5`,
    );
  });
});
