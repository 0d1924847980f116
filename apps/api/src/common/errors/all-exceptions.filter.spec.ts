import { BadRequestException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { DomainError } from '@shenbao/domain';
import { AllExceptionsFilter, toErrorBody } from './all-exceptions.filter';

describe('toErrorBody', () => {
  it('maps a DomainError by its code', () => {
    expect(toErrorBody(new DomainError('ILLEGAL_TRANSITION', 'not now', { stage: 'draft', allowedActions: ['submit'] }))).toEqual({
      statusCode: 409,
      error: 'ILLEGAL_TRANSITION',
      message: 'not now',
      details: { stage: 'draft', allowedActions: ['submit'] },
    });
    expect(toErrorBody(DomainError.rules([{ rule: 'r', message: 'm' }]))).toMatchObject({ statusCode: 422, error: 'RULE_VIOLATION', details: [{ rule: 'r', message: 'm' }] });
    expect(toErrorBody(new DomainError('NOT_FOUND', 'gone'))).toEqual({ statusCode: 404, error: 'NOT_FOUND', message: 'gone' });
  });

  it.each([
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new HttpException('slow down', 429), 429, 'TOO_MANY_REQUESTS'],
    [new HttpException('no', 405), 405, 'METHOD_NOT_ALLOWED'],
    [new HttpException('big', 413), 413, 'PAYLOAD_TOO_LARGE'],
  ])('maps Nest HttpException %#', (e, statusCode, error) => {
    expect(toErrorBody(e)).toMatchObject({ statusCode, error, message: expect.any(String) });
  });

  it('gives a plain 400 the validation shape', () => {
    expect(toErrorBody(new BadRequestException('Validation failed (numeric string is expected)'))).toEqual({
      statusCode: 400,
      error: 'VALIDATION_FAILED',
      message: 'Validation failed (numeric string is expected)',
      details: [{ field: 'request', messages: ['Validation failed (numeric string is expected)'] }],
    });
  });

  it('maps a 4xx request error of Fastify (as Nest wraps it) by its status', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toErrorBody(new HttpException(tooLarge.message, 413, { cause: tooLarge }))).toEqual({
      statusCode: 413,
      error: 'PAYLOAD_TOO_LARGE',
      message: 'Request body is too large',
    });
    expect(toErrorBody(new HttpException('Unsupported Media Type: application/xml', 415))).toMatchObject({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('keeps the per-dependency report of a failed health check', () => {
    const report = { status: 'error', info: {}, error: { eventStore: { status: 'down' } }, details: { eventStore: { status: 'down' } } };
    expect(toErrorBody(new ServiceUnavailableException(report))).toEqual({
      statusCode: 503,
      error: 'SERVICE_UNAVAILABLE',
      message: 'A dependency is unavailable',
      details: report,
    });
  });

  it('leaves unknown errors to the 500 path', () => {
    expect(toErrorBody(new Error('db exploded'))).toBeUndefined();
    expect(toErrorBody('a string')).toBeUndefined();
  });
});

describe('AllExceptionsFilter', () => {
  function host() {
    const res = {
      sent: false,
      headers: {} as Record<string, string>,
      statusCode: 0,
      body: undefined as unknown,
      header(name: string, value: string) {
        this.headers[name] = value;
        return this;
      },
      code(code: number) {
        this.statusCode = code;
        return this;
      },
      send(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const req = { id: 'corr-1', method: 'GET', url: '/x', headers: {} };
    const h = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
    return { h, res };
  }

  it('answers 500 INTERNAL without the stack, naming the correlation id', () => {
    const { h, res } = host();
    new AllExceptionsFilter().catch(new Error('secret internals at /srv/app.js:12'), h);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'INTERNAL', message: expect.stringContaining('corr-1') });
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
  });

  it('sends the error as JSON even when the route set another content type', () => {
    const { h, res } = host();
    res.header('Content-Type', 'text/plain; charset=utf-8');
    new AllExceptionsFilter().catch(new DomainError('NOT_FOUND', 'no such diagram'), h);
    expect(res.statusCode).toBe(404);
    expect(res.headers['Content-Type']).toBe('application/json; charset=utf-8');
  });

  it('sets Retry-After on 429', () => {
    const { h, res } = host();
    new AllExceptionsFilter().catch(new DomainError('TOO_MANY_REQUESTS', 'wait', { retryAfterSeconds: 29.2 }), h);
    expect(res.statusCode).toBe(429);
    expect(res.headers['Retry-After']).toBe('30');
  });

  it('sets Retry-After on a 409 that says when to come back (a repeat of a request in progress), not on other 409s', () => {
    const inProgress = host();
    new AllExceptionsFilter().catch(new DomainError('REVISION_CONFLICT', 'in progress', { reason: 'requestInProgress', retryAfterSeconds: 5 }), inProgress.h);
    expect(inProgress.res.statusCode).toBe(409);
    expect(inProgress.res.headers['Retry-After']).toBe('5');
    const stale = host();
    new AllExceptionsFilter().catch(new DomainError('REVISION_CONFLICT', 'stale', { currentRevision: 3 }), stale.h);
    expect(stale.res.headers['Retry-After']).toBeUndefined();
  });
});
