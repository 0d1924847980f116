/**
 * Uploading a file: `multipart/form-data` with the session's token (the browser sets the boundary), the fields in
 * the order given, answered like `call` (ApiError on any non-2xx answer).
 */
import { answerOf, authHeaders } from './client';

export async function upload<T>(path: string, fields: Record<string, string>, file: File): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  return answerOf<T>(await fetch(`/api/v1${path}`, { method: 'POST', headers: authHeaders(), body: form }));
}
