/**
 * Sending files, answered like `call` (ApiError on any non-2xx answer), with the session's token:
 * - `upload`: `multipart/form-data` (an attachment), the fields in the order given (the browser sets the boundary);
 * - `putFile`: the bytes as the request body under the media type the route takes (the filled-in 重点任务（项目）表).
 */
import { answerOf, authHeaders } from './client';

export async function upload<T>(path: string, fields: Record<string, string>, file: File): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  return answerOf<T>(await fetch(`/api/v1${path}`, { method: 'POST', headers: authHeaders(), body: form }));
}

export async function putFile<T>(path: string, file: Blob, mediaType: string, headers: Record<string, string> = {}): Promise<T> {
  return answerOf<T>(await fetch(`/api/v1${path}`, { method: 'PUT', headers: { 'Content-Type': mediaType, ...authHeaders(), ...headers }, body: file }));
}
