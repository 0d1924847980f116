/**
 * Downloading a generated document: the API wants the bearer token, so a plain link cannot fetch it; the file is
 * fetched with the session's token and handed to the browser under the name the API gives (RFC 6266 `filename*`).
 */
import { ApiError, authHeaders, expireOn401 } from './client';
import type { ErrorBody } from './client';

/** The file name of a Content-Disposition header: `filename*=UTF-8''…` when present, else `filename="…"`. */
export function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain?.[1]?.trim() || undefined;
}

export async function download(path: string): Promise<void> {
  const res = await fetch(`/api/v1${path}`, { headers: authHeaders() });
  if (!res.ok) {
    const text = await res.text();
    expireOn401(res.status);
    throw new ApiError(res.status, text ? (JSON.parse(text) as ErrorBody) : null);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res.headers.get('Content-Disposition')) ?? path.split('/').pop() ?? 'download';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
