/**
 * `Idempotency-Key` (API.md, "Idempotency"): a command sent again by the same user with the same key, method, path
 * and body within 24 h gets the first response (status, body, ETag/Location) with `Idempotent-Replayed: true`, and
 * the handler does not run, so nothing is appended. The same key with another request is 422
 * `idempotency.keyReused`; a repeat while the first is still running is 409 saying when to send it again (see
 * `inProgress`). Failed requests are not recorded.
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
import { EVENT_STORE } from '@shenbao/host';
import { toErrorBody } from '../errors/all-exceptions.filter';
import { header } from '../http/http.types';
import type { HttpRequest, HttpResponse } from '../http/http.types';
import { IdempotencyStore, STALE_CLAIM_MS } from './idempotency.store';
import type { AbandonedClaim, RequestFingerprint } from './idempotency.store';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY = /^[\x21-\x7e]{1,255}$/;
const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEPT_HEADERS = ['etag', 'location'];
const SCAN_PAGE = 500;
/** A repeat of a running request is told to come back after at most this many seconds (the request is usually done). */
const IN_FLIGHT_RETRY_S = 5;
/** `/api/v1/cases/<id>…`: the routes whose resource has a revision to name. */
const CASE_PATH = /^\/api\/v1\/cases\/([^/?]+)/;
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
      // An uploaded file (a Buffer) is hashed as the bytes it is, not as JSON.
      bodyHash: createHash('sha256').update(Buffer.isBuffer(req.body) ? req.body : canonicalJson(req.body ?? null)).digest('hex'),
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
        throw await this.inProgress(key, claim.claimedAt, fingerprint.path);
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

  /**
   * 409 for a repeat while the first request still holds the key: it says what to do (send the very same request
   * with the same key again, after `retryAfterSeconds`, also as `Retry-After`; never with a new key), until when the
   * claim may still be held (`takeoverAt`: a request whose server stopped is taken over then), and, for a case route,
   * the case's `currentRevision` as every REVISION_CONFLICT does.
   */
  private async inProgress(key: string, claimedAt: number, path: string): Promise<DomainError> {
    const now = this.store.now();
    const takeoverAt = claimedAt + STALE_CLAIM_MS;
    const retryAfterSeconds = Math.max(1, Math.min(IN_FLIGHT_RETRY_S, Math.ceil((takeoverAt - now) / 1000)));
    const caseId = CASE_PATH.exec(path)?.[1];
    const currentRevision = caseId === undefined ? undefined : await this.revisionOf(`case-${safeDecode(caseId)}`);
    const message =
      `A request with Idempotency-Key "${key}" (same method, path and body) is still being processed, since ` +
      `${new Date(claimedAt).toISOString()}. Send this same request with the same key again in ${retryAfterSeconds} s to get its ` +
      `answer; if the server stopped while handling it, a repeat from ${new Date(takeoverAt).toISOString()} on finds out ` +
      'whether it was carried out. Do not resend it with a new key: that could carry it out twice.';
    return new DomainError('REVISION_CONFLICT', message, {
      reason: 'requestInProgress',
      idempotencyKey: key,
      inProgressSince: new Date(claimedAt).toISOString(),
      retryAfterSeconds,
      takeoverAt: new Date(takeoverAt).toISOString(),
      ...(currentRevision !== undefined ? { currentRevision } : {}),
    });
  }

  /** The stream's last revision, or undefined when it does not exist (or cannot be read now). */
  private async revisionOf(stream: string): Promise<number | undefined> {
    const events = await this.events.readStream(stream).catch(() => []);
    return events.length === 0 ? undefined : events[events.length - 1]!.revision;
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
      await this.store.complete(userId, key, { status: body!.statusCode, headers: {}, body });
    } catch (e) {
      await this.store.release(userId, key).catch(() => undefined);
      throw e;
    }
    throw error;
  }
}

/** A path segment decoded, or as sent when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
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
