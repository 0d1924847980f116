import { changeOneByte, newEvent, take } from './contract.fixtures';
import { describeEventStoreContract } from './event-store.contract';
import { MemoryEventLog, MemoryEventStore } from './memory.event-store';

describeEventStoreContract('memory', async (options) => {
  const store = new MemoryEventStore({ upcasters: options?.upcasters });
  return {
    store,
    reopen: async () => new MemoryEventStore({ log: store.log, upcasters: options?.upcasters }),
    tamper: async (stream, revision) => {
      const row = store.log.streamRows(stream)[revision];
      row.data = changeOneByte(row.data);
    },
  };
});

describe('MemoryEventStore', () => {
  it('wakes a subscriber on another instance sharing the log', async () => {
    const log = new MemoryEventLog();
    const [writer, reader] = [new MemoryEventStore({ log }), new MemoryEventStore({ log })];
    const subscription = reader.subscribeAll(0);
    const reading = take(subscription, 2);
    await writer.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
    expect((await reading).map((e) => e.position)).toEqual([1, 2]);
    await Promise.all([writer.close(), reader.close()]);
  });
});
