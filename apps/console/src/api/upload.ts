/**
 * Sending a file as a request body (the filled-in 重点任务（项目）表): the bytes as they are, under the media type the
 * route takes, with the session's token; the answer read like `call`'s (ApiError on any non-2xx).
 */
import { ApiError, authHeaders, expireOn401 } from './client';
import type { ErrorBody } from './client';

export async function putFile<T>(path: string, file: Blob, mediaType: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, { method: 'PUT', headers: { 'Content-Type': mediaType, ...authHeaders(), ...headers }, body: file });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    expireOn401(res.status);
    throw new ApiError(res.status, (parsed as ErrorBody | undefined) ?? null);
  }
  return parsed as T;
}
