import { DomainError, MAX_FIELD_ERRORS } from './errors';

describe('DomainError.validation', () => {
  it('lists every field of a short list, in the details and the message', () => {
    const e = DomainError.validation([{ field: 'a', messages: ['is required'] }, { field: 'b.c', messages: ['must be a string', 'is too long'] }]);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details).toEqual([{ field: 'a', messages: ['is required'] }, { field: 'b.c', messages: ['must be a string', 'is too long'] }]);
    expect(e.message).toBe('Invalid input — a: is required | b.c: must be a string; is too long');
  });

  it('lists the first 20 fields of a long list and says how many there were', () => {
    const fields = Array.from({ length: 50_000 }, (_, i) => ({ field: `keyProjects[${i}].seq`, messages: ['is required'] }));
    const e = DomainError.validation(fields);
    expect(e.details).toEqual(fields.slice(0, MAX_FIELD_ERRORS));
    expect(e.message).toContain('… and 49980 more (50000 problems in all, the first 20 listed)');
    expect(e.message.length).toBeLessThan(2000);
  });

  it('cuts a field path built from a huge key', () => {
    const e = DomainError.validation([{ field: `perTask["${'x'.repeat(100_000)}"]`, messages: ['is not an allowed field'] }]);
    const [detail] = e.details as { field: string }[];
    expect(detail.field.length).toBeLessThanOrEqual(201);
    expect(e.message.length).toBeLessThan(1000);
  });
});
