import { DOMAIN_ERROR_CODES, DomainError } from '@shenbao/domain';
import { STATUS_BY_CODE, statusOf } from './error-status';

describe('STATUS_BY_CODE', () => {
  it.each(DOMAIN_ERROR_CODES.map((code) => [code]))('gives the domain error code %s a 4xx status', (code) => {
    const status = STATUS_BY_CODE[code];
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('maps no code the domain does not have', () => {
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
  });

  it('answers the statuses of API.md', () => {
    expect(statusOf(DomainError.validation([{ field: 'a', messages: ['is required'] }]))).toBe(400);
    expect(statusOf(new DomainError('UNAUTHENTICATED', 'who?'))).toBe(401);
    expect(statusOf(new DomainError('FORBIDDEN', 'no'))).toBe(403);
    expect(statusOf(new DomainError('NOT_FOUND', 'gone'))).toBe(404);
    expect(statusOf(new DomainError('CONFLICT_OF_INTEREST', 'own city'))).toBe(409);
    expect(statusOf(DomainError.rules([{ rule: 'r', message: 'm' }]))).toBe(422);
    expect(statusOf(new DomainError('TOO_MANY_REQUESTS', 'slow down'))).toBe(429);
  });
});
