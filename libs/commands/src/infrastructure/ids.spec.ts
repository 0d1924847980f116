import { nameBasedId, newEventId, newId } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('newId is a random (version 4) uuid', () => {
    expect(newId()).toMatch(UUID);
    expect(UUID.exec(newId())?.[1]).toBe('4');
  });

  it('newEventId is a version 7 uuid carrying its millisecond, so ids sort by time', () => {
    const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
    const id = newEventId(at);
    expect(id).toMatch(UUID);
    expect(UUID.exec(id)?.[1]).toBe('7');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    const ids = [at + 1, at + 2, at + 1_000, at + 86_400_000].map((t) => newEventId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('newEventId is still random within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });

  it('nameBasedId is stable per name and differs between names', () => {
    expect(nameBasedId('a')).toBe(nameBasedId('a'));
    expect(nameBasedId('a')).not.toBe(nameBasedId('b'));
    expect(UUID.exec(nameBasedId('a'))?.[1]).toBe('8');
  });
});
