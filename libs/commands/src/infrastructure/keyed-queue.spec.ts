import { KeyedQueue } from './keyed-queue';

/** A promise with its resolve, to hold a holder inside its turn until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyedQueue', () => {
  it('runs the holders of one key one at a time, in the order they asked', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g, i) =>
      queue.run(['k'], async () => {
        log.push(`start ${i}`);
        await g.promise;
        log.push(`end ${i}`);
      }),
    );
    // Let them go in reverse: the order of the turns must not change.
    for (const g of [...gates].reverse()) g.open();
    await Promise.all(runs);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(queue.size).toBe(0);
  });

  it('does not hold up other keys', async () => {
    const queue = new KeyedQueue();
    const held = await queue.acquire(['a']);
    await expect(queue.run(['b'], () => Promise.resolve('b ran'))).resolves.toBe('b ran');
    held();
    expect(queue.size).toBe(0);
  });

  it('takes several keys in sorted order, so opposite orders do not deadlock', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = gate();
    const one = queue.run(['program-1', 'case-1'], async () => {
      log.push('one');
      await first.promise;
    });
    const two = queue.run(['case-1', 'program-1'], () => Promise.resolve(void log.push('two')));
    first.open();
    await Promise.all([one, two]);
    expect(log).toEqual(['one', 'two']);
    expect(queue.size).toBe(0);
  });

  it('keeps a multi-key holder out until every key is free', async () => {
    const queue = new KeyedQueue();
    const onB = await queue.acquire(['b']);
    let both = false;
    const waiting = queue.acquire(['a', 'b']).then((release) => {
      both = true;
      return release;
    });
    await queue.run(['c'], () => Promise.resolve());
    expect(both).toBe(false);
    onB();
    (await waiting)();
    expect(both).toBe(true);
    expect(queue.size).toBe(0);
  });

  it('releases the keys when the work throws, and a second release does nothing', async () => {
    const queue = new KeyedQueue();
    await expect(queue.run(['a', 'b'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(queue.size).toBe(0);
    const release = await queue.acquire(['a']);
    const next = queue.acquire(['a']);
    release();
    release();
    const releaseNext = await next;
    expect(queue.size).toBe(1);
    const third = queue.acquire(['a']);
    release();
    let thirdIn = false;
    void third.then(() => (thirdIn = true));
    await queue.run(['z'], () => Promise.resolve());
    expect(thirdIn).toBe(false);
    releaseNext();
    (await third)();
    expect(queue.size).toBe(0);
  });

  it('leaves no entry behind after many keys and holders', async () => {
    const queue = new KeyedQueue();
    await Promise.all(Array.from({ length: 500 }, (_, i) => queue.run([`k${i % 50}`, `k${(i * 7) % 50}`], () => Promise.resolve(i))));
    expect(queue.size).toBe(0);
  });
});
