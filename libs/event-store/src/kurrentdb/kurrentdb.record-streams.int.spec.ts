/**
 * The records of EVENT_STORE=kurrentdb (idempotency records, password hashes) against a real KurrentDB node: the
 * same contract as the memory adapter (record-streams.contract.ts). Runs whenever KURRENTDB_URL is set (see
 * kurrentdb.event-store.int.spec.ts for a node to start); without it the suite does NOT run and says so (a todo
 * entry and a notice), so it never counts as a pass.
 */
import { randomUUID } from 'node:crypto';
import { describeRecordStreamsContract } from '../record-streams.contract';
import { KurrentDbRecordStreams } from './kurrentdb.record-streams';

const url = process.env.KURRENTDB_URL;
const NOT_RUN = 'KurrentDB record streams contract NOT RUN: KURRENTDB_URL is not set';

describe('KurrentDbRecordStreams.open', () => {
  it('refuses a connection string the client cannot read, naming KURRENTDB_URL', () => {
    expect(() => KurrentDbRecordStreams.open({ connectionString: 'esdb+nonsense' })).toThrow(/^KURRENTDB_URL is not a valid KurrentDB connection string/);
  });

  it('refuses a record name KurrentDB would not take, before it asks the server', async () => {
    const records = KurrentDbRecordStreams.open({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    try {
      await expect(records.last('a b')).rejects.toThrow('record name must be 1-200 characters');
    } finally {
      await records.close();
    }
  });
});

if (url === undefined || url === '') {
  process.stderr.write(`\n  ${NOT_RUN} — set it to a KurrentDB >= 25.1 node (README, "Production") to run it.\n\n`);
  describe('kurrentdb: record streams contract', () => {
    it.todo(NOT_RUN);
  });
} else {
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  describeRecordStreamsContract('kurrentdb', async () => KurrentDbRecordStreams.open({ connectionString: url, prefix }));
}
