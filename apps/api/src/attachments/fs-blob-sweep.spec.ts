/**
 * The blob sweep: what it reports, what it removes, and that it never takes bytes an upload running beside it needs.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '@shenbao/event-store';
import { describeSweep, parseSweepArguments } from './blobs-sweep.cli';
import { DEFAULT_SWEEP_AGE_MS, sweepBlobs } from './fs-blob-sweep';

const DAY = 24 * 60 * 60 * 1000;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sweepBlobs', () => {
  let dir: string;
  let store: MemoryEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-sweep-'));
    mkdirSync(join(dir, 'tmp'));
    store = new MemoryEventStore();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A blob on disk, written `ageMs` ago. */
  function blob(text: string, ageMs: number): string {
    const hash = sha(text);
    mkdirSync(join(dir, hash.slice(0, 2)), { recursive: true });
    const path = join(dir, hash.slice(0, 2), hash);
    writeFileSync(path, text);
    const at = new Date(Date.now() - ageMs);
    utimesSync(path, at, at);
    return hash;
  }

  function part(ageMs: number): string {
    const name = `${randomUUID()}.part`;
    const path = join(dir, 'tmp', name);
    writeFileSync(path, 'half a file');
    const at = new Date(Date.now() - ageMs);
    utimesSync(path, at, at);
    return name;
  }

  const exists = (hash: string): boolean => existsSync(join(dir, hash.slice(0, 2), hash));

  async function name(hash: string, caseId: string = randomUUID()): Promise<void> {
    await store.append([
      {
        stream: `case-${caseId}`,
        expectedRevision: 'any',
        events: [
          {
            id: randomUUID(),
            type: 'AttachmentAdded',
            data: { attachmentId: randomUUID(), kind: 'other', name: 'scan.pdf', size: 1, mediaType: 'application/pdf', sha256: hash, uploadedBy: { userId: 'u1', role: 'applicant' } },
            metadata: { actor: 'u1', role: 'applicant', at: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 },
          },
        ],
      },
    ]);
  }

  it('reports old unnamed blobs and partial uploads, and changes nothing without remove', async () => {
    const named = blob('named', 3 * DAY);
    await name(named);
    const orphan = blob('orphan', 3 * DAY);
    blob('young orphan', 60_000);
    const oldPart = part(2 * DAY);
    part(1000);
    const report = await sweepBlobs({ blobDir: dir, store });
    expect(report).toMatchObject({ blobs: 3, named: 1, young: 2, removed: false, removedBytes: 0, position: 1 });
    expect(report.unnamed.map((f) => f.name)).toEqual([orphan]);
    expect(report.unnamed[0]!.bytes).toBe('orphan'.length);
    expect(report.partial.map((f) => f.name)).toEqual([oldPart]);
    expect(exists(orphan)).toBe(true);
    expect(existsSync(join(dir, 'tmp', oldPart))).toBe(true);
  });

  it('removes them with remove, and keeps every blob an event names and everything recent', async () => {
    const named = blob('named', 3 * DAY);
    await name(named);
    const orphan = blob('orphan', 3 * DAY);
    const young = blob('young orphan', 60_000);
    const oldPart = part(2 * DAY);
    const youngPart = part(1000);
    const report = await sweepBlobs({ blobDir: dir, store, remove: true });
    expect(report.removedBytes).toBe('orphan'.length + 'half a file'.length);
    expect(report.restored).toEqual([]);
    expect(exists(named)).toBe(true);
    expect(exists(young)).toBe(true);
    expect(exists(orphan)).toBe(false);
    expect(existsSync(join(dir, 'tmp', oldPart))).toBe(false);
    expect(existsSync(join(dir, 'tmp', youngPart))).toBe(true);
    // Nothing of the sweep's own is left behind in tmp/.
    const again = await sweepBlobs({ blobDir: dir, store, remove: true });
    expect(again).toMatchObject({ blobs: 2, named: 1, young: 2, unnamed: [], partial: [], removedBytes: 0 });
  });

  it('puts back a blob an upload of the same content stored again between the scan and the move', async () => {
    const orphan = blob('same content', 3 * DAY);
    const report = await sweepBlobs({
      blobDir: dir,
      store,
      remove: true,
      // An upload keeps fresh bytes of the same content on the address (its rename), then appends its event.
      beforeMoves: async () => {
        blob('same content', 0);
      },
    });
    expect(report.restored).toEqual([orphan]);
    expect(report.removedBytes).toBe(0);
    expect(readFileSync(join(dir, orphan.slice(0, 2), orphan), 'utf8')).toBe('same content');
  });

  it('puts back a blob an event appended after the first read names', async () => {
    const orphan = blob('late event', 3 * DAY);
    const report = await sweepBlobs({ blobDir: dir, store, remove: true, beforeMoves: () => name(orphan) });
    expect(report.restored).toEqual([orphan]);
    expect(report.position).toBe(1);
    expect(exists(orphan)).toBe(true);
  });

  it('reads the log past one page of events', async () => {
    const hashes = Array.from({ length: 1205 }, (_, i) => sha(`blob ${i}`));
    for (const hash of hashes) await name(hash, 'one-case');
    const last = blob('blob 1204', 3 * DAY);
    const report = await sweepBlobs({ blobDir: dir, store, remove: true });
    expect(report).toMatchObject({ blobs: 1, named: 1, unnamed: [] });
    expect(exists(last)).toBe(true);
  });

  it('puts back, before anything else, what a sweep that died after its moves left aside', async () => {
    const inUse = blob('named, moved aside by a sweep that died', 3 * DAY);
    await name(inUse);
    const aside = join(dir, 'tmp', `sweep-${inUse}-${randomUUID()}`);
    renameSync(join(dir, inUse.slice(0, 2), inUse), aside);
    rmSync(join(dir, inUse.slice(0, 2)), { recursive: true });
    const report = await sweepBlobs({ blobDir: dir, store });
    expect(report).toMatchObject({ interrupted: 1, blobs: 0 });
    expect(existsSync(aside)).toBe(true);
    expect(describeSweep(report, { remove: false, olderThanMs: DEFAULT_SWEEP_AGE_MS })).toContain('run with -- --remove to put them back first');
    const removal = await sweepBlobs({ blobDir: dir, store, remove: true });
    expect(removal).toMatchObject({ interrupted: 1, blobs: 1, named: 1, removedBytes: 0 });
    expect(exists(inUse)).toBe(true);
    expect(existsSync(aside)).toBe(false);
  });

  it('takes an empty or missing blob directory', async () => {
    const report = await sweepBlobs({ blobDir: join(dir, 'not-there'), store, remove: true });
    expect(report).toMatchObject({ blobs: 0, named: 0, young: 0, unnamed: [], partial: [] });
  });
});

describe('npm run blobs:sweep arguments', () => {
  it('reports only by default, 24 h', () => {
    expect(parseSweepArguments([])).toEqual({ remove: false, olderThanMs: DEFAULT_SWEEP_AGE_MS });
    expect(parseSweepArguments(['--remove', '--older-than', '48'])).toEqual({ remove: true, olderThanMs: 2 * DEFAULT_SWEEP_AGE_MS });
  });

  it.each([[['--older-than']], [['--older-than', '0.5']], [['--older-than', 'soon']], [['--older-than', '']], [['--delete']]])('refuses %j naming the argument', (argv) => {
    expect(() => parseSweepArguments(argv)).toThrow(argv[0] === '--delete' ? /unknown argument --delete/ : /--older-than must be a number of hours >= 1/);
  });

  it('says what it found and how to remove it', () => {
    const text = describeSweep(
      { position: 7, blobs: 3, named: 1, young: 0, unnamed: [{ name: 'ab'.repeat(32), bytes: 2 ** 20, modifiedAt: '2026-12-01T00:00:00.000Z' }], partial: [], removedBytes: 0, restored: [], removed: false, interrupted: 0 },
      { remove: false, olderThanMs: DEFAULT_SWEEP_AGE_MS },
    );
    expect(text).toContain('Read the log up to position 7: 3 blob(s) on disk, 1 named by an event.');
    expect(text).toContain('named by no event: 1 blob(s), 1.0 MB');
    expect(text).toContain('run again with -- --remove');
  });
});
