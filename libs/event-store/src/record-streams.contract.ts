/**
 * What every RecordStreams adapter promises (record-streams.ts), run on memory always (record-streams.spec.ts) and on
 * KurrentDB whenever KURRENTDB_URL is set (kurrentdb/kurrentdb.record-streams.int.spec.ts). `open` gives adapters on
 * one fresh namespace (several: several processes' worth); the expiry check waits about 1.5 s of real time.
 */
import { randomUUID } from 'node:crypto';
import type { RecordStreams } from './record-streams';

export function describeRecordStreamsContract(name: string, open: () => Promise<RecordStreams>): void {
  describe(`RecordStreams contract: ${name}`, () => {
    let records: RecordStreams;
    const fresh = (): string => `r${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    beforeEach(async () => {
      records = await open();
    });
    afterEach(() => records.close());

    it('has no version of a record never written, and writes the first one expecting -1', async () => {
      const r = fresh();
      expect(await records.last(r)).toBeUndefined();
      expect(await records.write(r, { n: 1 }, -1)).toEqual({ ok: true, revision: 0 });
      expect(await records.last(r)).toEqual({ revision: 0, data: { n: 1 } });
    });

    it('refuses a write expecting a revision the record has moved past, naming its revision now, and writes nothing', async () => {
      const r = fresh();
      await records.write(r, { n: 1 }, -1);
      await records.write(r, { n: 2 }, 0);
      expect(await records.write(r, { n: 'late' }, 0)).toEqual({ ok: false, current: 1 });
      expect(await records.write(r, { n: 'late' }, -1)).toEqual({ ok: false, current: 1 });
      expect(await records.last(r)).toEqual({ revision: 1, data: { n: 2 } });
    });

    it('lets exactly one of several writers expecting the same revision through', async () => {
      const r = fresh();
      const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => records.write(r, { writer: i }, -1)));
      expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, revision: 0 }]);
      expect(outcomes.filter((o) => !o.ok)).toEqual(Array(7).fill({ ok: false, current: 0 }));
    });

    it('drops the versions before a revision: the last is still read, the record counts on', async () => {
      const r = fresh();
      for (let i = 0; i < 3; i += 1) await records.write(r, { n: i }, i - 1);
      await records.dropBefore(r, 2);
      expect(await records.last(r)).toEqual({ revision: 2, data: { n: 2 } });
      expect(await records.write(r, { n: 3 }, 2)).toEqual({ ok: true, revision: 3 });
    });

    it('lets versions expire; a write after that expects the revision the refused write names', async () => {
      const r = fresh();
      await records.expireAfter(r, 1);
      await records.write(r, { n: 0 }, -1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await records.last(r)).toBeUndefined();
      const refused = await records.write(r, { n: 1 }, -1);
      expect(refused).toEqual({ ok: false, current: 0 });
      expect(await records.write(r, { n: 1 }, 0)).toEqual({ ok: true, revision: 1 });
      expect(await records.last(r)).toEqual({ revision: 1, data: { n: 1 } });
    });
  });
}
