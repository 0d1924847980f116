import type { StoredEvent } from './port';
import { UpcasterRegistry } from './upcasters';

const stored = (type: string, schemaVersion: number, data: unknown): StoredEvent => ({
  id: 'e-1',
  stream: 's',
  revision: 0,
  position: 1,
  type,
  data,
  metadata: { actor: 'u', role: 'r', at: '2026-01-01T00:00:00Z', correlationId: 'c', causationId: 'c', schemaVersion, prevHash: 'p', hash: 'h' },
});

describe('UpcasterRegistry', () => {
  it('chains steps, sets schemaVersion itself and follows a renamed type', () => {
    const registry = new UpcasterRegistry()
      .register('Old', 1, (e) => ({ ...e, type: 'New', data: { v: 2 } }))
      .register('New', 2, (e) => ({ ...e, data: { v: 3 } }));
    const input = stored('Old', 1, { v: 1 });
    const result = registry.upcast(input);
    expect(result).toMatchObject({ type: 'New', data: { v: 3 }, metadata: { schemaVersion: 3, hash: 'h' } });
    expect(input).toMatchObject({ type: 'Old', data: { v: 1 }, metadata: { schemaVersion: 1 } });
    expect(registry.upcast(stored('Other', 1, {}))).toMatchObject({ type: 'Other', metadata: { schemaVersion: 1 } });
  });

  it('refuses a second upcaster for the same type and version', () => {
    const registry = new UpcasterRegistry().register('T', 1, (e) => e);
    expect(() => registry.register('T', 1, (e) => e)).toThrow('already registered');
    expect(registry.isEmpty).toBe(false);
    expect(new UpcasterRegistry().isEmpty).toBe(true);
  });
});
