import { newEvent } from '../contract.fixtures';
import type { AppendResult, StreamWrite } from '../port';
import { GroupCommitQueue, MAX_BATCH } from './postgres-group-commit';
import type { PendingAppend } from './postgres-group-commit';

const write = (stream: string): StreamWrite[] => [{ stream, expectedRevision: 'any', events: [newEvent()] }];
const result = (position: number): AppendResult => ({ streams: [], position, events: [] });

describe('GroupCommitQueue', () => {
  it('commits the appends of one turn as one batch, and those queued meanwhile as the next, one batch at a time', async () => {
    const batches: string[][] = [];
    let running = 0;
    const queue = new GroupCommitQueue(async (batch: PendingAppend[]) => {
      running += 1;
      expect(running).toBe(1);
      batches.push(batch.map((p) => p.writes[0].stream));
      await new Promise((r) => setTimeout(r, 20));
      batch.forEach((p, i) => p.resolve(result(i)));
      running -= 1;
    });
    const first = [queue.append(write('a')), queue.append(write('b'))];
    await new Promise((r) => setTimeout(r, 5)); // the first batch is committing now
    const later = [queue.append(write('c')), queue.append(write('d')), queue.append(write('e'))];
    expect((await Promise.all([...first, ...later])).map((r) => r.position)).toEqual([0, 1, 0, 1, 2]);
    expect(batches).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    await queue.settled();
  });

  it(`takes at most ${MAX_BATCH} appends per batch`, async () => {
    const sizes: number[] = [];
    const queue = new GroupCommitQueue(async (batch) => {
      sizes.push(batch.length);
      batch.forEach((p) => p.resolve(result(0)));
    });
    await Promise.all(Array.from({ length: MAX_BATCH + 3 }, (_, i) => queue.append(write(`s${i}`))));
    expect(sizes).toEqual([MAX_BATCH, 3]);
  });

  it('rejects the batch of a commit that throws and goes on with the next; settled() waits for both', async () => {
    let calls = 0;
    const queue = new GroupCommitQueue(async (batch) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      batch.forEach((p) => p.resolve(result(7)));
    });
    const failed = queue.append(write('a'));
    await expect(failed).rejects.toThrow('connection lost');
    await expect(queue.append(write('b'))).resolves.toMatchObject({ position: 7 });
    await queue.settled();
  });
});
