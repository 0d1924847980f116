import Database from 'better-sqlite3';
import { IntegrityStore } from './integrity.store';

describe('IntegrityStore', () => {
  it('keeps the verified state, and only moves it forward (two API processes on one DATA_DIR)', () => {
    const store = new IntegrityStore(new Database(':memory:'));
    expect(store.load()).toMatchObject({ position: 0, leaves: [], incidents: [] });
    const leaves = [1, 2, 3].map((position) => ({ position, stream: 's', hash: String(position).repeat(64) }));
    store.saveBatch(3, leaves, new Map([['s', { revision: 2, hash: '3'.repeat(64), position: 3 }]]));
    // An older batch saved later by the other process.
    store.saveBatch(2, leaves.slice(0, 2), new Map([['s', { revision: 1, hash: '2'.repeat(64), position: 2 }]]));
    const state = store.load();
    expect(state.position).toBe(3);
    expect(state.streams.get('s')).toEqual({ revision: 2, hash: '3'.repeat(64), position: 3 });
    expect(state.leaves).toHaveLength(3);
  });

  it('keeps one incident per stream, position and kind', () => {
    const store = new IntegrityStore(new Database(':memory:'));
    const incident = { stream: 's', position: 2, kind: 'changed' as const, detail: 'd', detectedAt: '2026-01-01T00:00:00.000Z' };
    expect(store.addIncidents([incident])).toEqual([incident]);
    expect(store.addIncidents([{ ...incident, detectedAt: '2026-01-02T00:00:00.000Z' }])).toEqual([]);
    expect(store.incidents()).toEqual([incident]);
  });
});
