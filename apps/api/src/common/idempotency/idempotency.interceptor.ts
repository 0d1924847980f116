/**
 * `Idempotency-Key` (API.md, "Idempotency"): a command sent again by the same user with the same key, method, path
 * and body within 24 h gets the first response (status, body, ETag/Location) with `Idempotent-Replayed: true`, and
 * the handler does not run, so nothing is appended. The same key with another request is 422
 * `idempotency.keyReused`; a repeat while the first is still running is 409. Failed requests are not recorded.
 *
 * A request whose process stopped before its response was stored leaves its claim behind; after STALE_CLAIM_MS a
 * repeat takes it over. If the first request's events are in the log (each carries its `idempotencyKey` and actor,
 * after the head position kept with the claim), it was carried out and only its answer is lost: the repeat gets 422
 * `idempotency.answerLost` naming them, is recorded so every later repeat gets the same, and nothing runs again.
 */
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DomainError } from '@shenbao/domain';
import { canonicalJson } from '@shenbao/event-store';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { toErrorBody } from '../errors/all-exceptions.filter';
import { header } from '../http/http.types';
import type { HttpRequest, HttpResponse } from '../http/http.types';
import { IdempotencyStore } from './idempotency.store';
import type { AbandonedClaim, RequestFingerprint } from './idempotency.store';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY = /^[\x21-\x7e]{1,255}$/;
const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEPT_HEADERS = ['etag', 'location'];
const SCAN_PAGE = 500;
const NOT_STORED_KEY = 'shenbao:idempotencyNotStored';

/**
 * For routes whose body or answer holds a secret (a password, a one-time password, an access token): their
 * requests are never recorded (the body's hash and the response would sit on disk), so a key is simply ignored.
 */
export const NeverStoredForReplay = (): MethodDecorator => SetMetadata(NOT_STORED_KEY, true);

/** The request's valid Idempotency-Key, undefined when absent; 400 when malformed. */
export function idempotencyKeyOf(req: HttpRequest): string | undefined {
  const key = header(req, IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw DomainError.validation([{ field: IDEMPOTENCY_HEADER, messages: ['must be 1–255 visible ASCII characters (a uuid is a good key)'] }]);
  }
  return key;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<HttpRequest>();
    const res = ctx.switchToHttp().getResponse<HttpResponse>();
    const method = (req.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method) || Reflect.getMetadata(NOT_STORED_KEY, ctx.getHandler()) === true) return next.handle();
    const key = idempotencyKeyOf(req);
    // Public routes (login) are not replayed: a stored response must only go back to the user who caused it.
    const userId = req.user?.id;
    if (key === undefined || userId === undefined) return next.handle();

    const fingerprint = {
      method,
      path: req.url,
      bodyHash: createHash('sha256').update(canonicalJson(req.body ?? null)).digest('hex'),
    };
    // One promise instead of a chain of rxjs operators: this runs on every command sent with a key.
    return from(this.run(userId, key, fingerprint, res, next));
  }

  private async run(userId: string, key: string, fingerprint: RequestFingerprint, res: HttpResponse, next: CallHandler): Promise<unknown> {
    const claim = await this.store.claim(userId, key, fingerprint, await this.events.headPosition());
    switch (claim.kind) {
      case 'mismatch':
        throw DomainError.rules([{
          rule: 'idempotency.keyReused',
          message: `Idempotency-Key "${key}" was already used for a different request; use a new key for a new request.`,
        }]);
      case 'inFlight':
        throw new DomainError('REVISION_CONFLICT', `A request with Idempotency-Key "${key}" is still being processed; retry shortly.`);
      case 'replay':
        for (const [name, value] of Object.entries(claim.response.headers)) void res.header(name, value);
        void res.header(REPLAYED_HEADER, 'true');
        void res.code(claim.response.status);
        return claim.response.body;
      case 'claimed':
        if (claim.abandoned) await this.refuseIfCarriedOut(userId, key, claim.abandoned);
        break;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // A failed request frees its key; a failure to free it must not hide the request's own error.
      await this.store.release(userId, key).catch(() => undefined);
      throw error;
    }
    // The response is stored durably before it is sent, so a client that lost the answer gets it again. A failure to
    // store it fails the request (and frees the key): an answer that could not be kept is not given.
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const v = res.getHeader(name);
      if (v !== undefined) headers[name] = String(v);
    }
    try {
      await this.store.complete(userId, key, { status: res.statusCode, headers, body });
    } catch (error) {
      await this.store.release(userId, key).catch(() => undefined);
      throw error;
    }
    return body;
  }

  /** Throws 422 `idempotency.answerLost` (and stores it as the key's response) when the abandoned request's events are in the log. */
  private async refuseIfCarriedOut(userId: string, key: string, abandoned: AbandonedClaim): Promise<void> {
    // Without a head (a claim of an older build) there is nothing to look after; the request runs as before.
    const appended = abandoned.headPosition === null ? [] : await appendedUnder(this.events, userId, key, abandoned.headPosition);
    if (appended.length === 0) return;
    const first = appended[0];
    const error = DomainError.rules([{
      rule: 'idempotency.answerLost',
      message:
        `The request with Idempotency-Key "${key}" was carried out (${appended.length} event(s) on ${first.stream}, ` +
        `from position ${first.position}, at ${first.metadata.at}), but the server stopped before its answer was kept. ` +
        'Nothing was done again; read the resource to see the result.',
    }]);
    const body = toErrorBody(error);
    try {
      await this.store.complete(userId, key, { status: error.status, headers: {}, body });
    } catch (e) {
      await this.store.release(userId, key).catch(() => undefined);
      throw e;
    }
    throw error;
  }
}

/** The events after `afterPosition` that the user's request with this key appended (their metadata names both). */
async function appendedUnder(events: EventStore, userId: string, key: string, afterPosition: number): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  for (let from = afterPosition; ; ) {
    const page = await events.readAll({ fromPosition: from, limit: SCAN_PAGE });
    for (const e of page) if (e.metadata.idempotencyKey === key && e.metadata.actor === userId) found.push(e);
    if (page.length < SCAN_PAGE) return found;
    from = page[page.length - 1].position;
  }
}
