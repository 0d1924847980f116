/**
 * `Content-Disposition` with a Chinese file name (RFC 6266 §4.3): `filename*=UTF-8''…` (RFC 8187 percent-encoding)
 * for clients that read it, and an ASCII `filename` for those that do not.
 */

/** RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else percent-encoded (UTF-8). */
export function encodeRfc8187(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** A file name without path separators, control characters or characters Windows refuses in names. */
export const safeFileName = (name: string): string => name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').trim().slice(0, 150);

const asciiFallback = (name: string): string => name.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');

export function contentDisposition(kind: 'attachment' | 'inline', fileName: string, ascii: string): string {
  const name = safeFileName(fileName);
  return `${kind}; filename="${asciiFallback(ascii)}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}
