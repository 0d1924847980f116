import { DomainError } from '@shenbao/domain';
import { etag, parseIfMatch } from './if-match';

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    [' "0" ', 0],
    ['"12345"', 12345],
  ])('reads %s as revision %d', (value, revision) => {
    expect(parseIfMatch(value)).toBe(revision);
  });

  it.each([[undefined], [''], ['*']])('treats %j as no check', (value) => {
    expect(parseIfMatch(value)).toBeUndefined();
  });

  it.each([['"abc"'], ['-1'], ['"3'], ['W/"3"'], ['"3", "4"'], ['3.5'], ['"1234567890123456"']])('rejects %s naming the header', (value) => {
    expect(() => parseIfMatch(value)).toThrow(DomainError);
    expect(() => parseIfMatch(value)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'If-Match' })] }));
  });

  it('round-trips an ETag', () => {
    expect(parseIfMatch(etag(7))).toBe(7);
  });
});
