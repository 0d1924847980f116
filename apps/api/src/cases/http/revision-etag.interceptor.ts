/**
 * Sets `ETag: "<revision>"` from the `revision` of a case response, so clients can send it back as `If-Match`.
 * Applied per route (inside the global idempotency interceptor, which then stores the header with the response).
 */
import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { etag } from '../../common/http/if-match';
import type { HttpResponse } from '../../common/http/http.types';

@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = ctx.switchToHttp().getResponse<HttpResponse>();
    return next.handle().pipe(
      tap((body) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number' && !res.sent) void res.header('ETag', etag(revision));
      }),
    );
  }
}
