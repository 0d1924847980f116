/**
 * Reading `POST /cases/:id/attachments` (multipart/form-data: the text field `kind` and the file part `file`, in
 * either order): the file is streamed into the blob store's temporary place while hashed (never held whole); past the
 * per-file limit the rest is read and dropped, so the client gets its 413 instead of a broken connection.
 */
import { HttpException } from '@nestjs/common';
import { ATTACHMENT_KINDS, DomainError } from '@shenbao/domain';
import type { AttachmentKind } from '@shenbao/domain';
import type { Multipart } from '@fastify/multipart';
import type { HttpRequest } from '../common/http/http.types';
import { safeFileName } from '../documents/content-disposition';
import type { BlobStore, ReceivedBlob } from './blob-store';

export interface Upload {
  kind: AttachmentKind;
  /** The file name as sent (path separators and control characters replaced). */
  name: string;
  blob: ReceivedBlob;
}

const FIELDS = ['kind', 'file'];
const field = (name: string, message: string): DomainError => DomainError.validation([{ field: name, messages: [message] }]);

/** Reads the parts; 400 naming the field for a missing or unknown one. The caller keeps or discards the blob. */
export async function readUpload(req: HttpRequest, blobs: BlobStore, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw field('body', 'must be multipart/form-data with the fields kind and file');
  let kind: string | undefined;
  let received: { blob: ReceivedBlob; name: string } | undefined;
  const unknown: string[] = [];
  try {
    for await (const part of req.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || received) {
          part.file.resume(); // drop it, keep reading
          unknown.push(part.fieldname === 'file' ? 'file (a second file)' : part.fieldname);
          await new Promise((resolve) => part.file.once('end', resolve));
          continue;
        }
        const blob = await blobs.receive(part.file, maxBytes);
        received = { blob, name: part.filename ?? '' };
        if (part.file.truncated) received.blob = { ...blob, tooLarge: true };
      } else if (part.fieldname === 'kind') {
        kind = typeof part.value === 'string' ? part.value : String(part.value);
      } else {
        unknown.push(part.fieldname);
      }
    }
  } catch (e) {
    await received?.blob.discard();
    throw asHttpError(e);
  }
  const problems: { field: string; messages: string[] }[] = [];
  if (unknown.length > 0) problems.push(...unknown.map((f) => ({ field: f, messages: [`is not a field of this form (fields: ${FIELDS.join(', ')})`] })));
  if (kind === undefined) problems.push({ field: 'kind', messages: [`is required: one of ${ATTACHMENT_KINDS.join(', ')}`] });
  else if (!(ATTACHMENT_KINDS as readonly string[]).includes(kind)) problems.push({ field: 'kind', messages: [`must be one of ${ATTACHMENT_KINDS.join(', ')}`] });
  if (!received) problems.push({ field: 'file', messages: ['is required: the file, as a file part named "file"'] });
  else if (safeFileName(received.name) === '') problems.push({ field: 'file', messages: ['must carry its file name (filename in Content-Disposition)'] });
  if (problems.length > 0) {
    await received?.blob.discard();
    throw DomainError.validation(problems);
  }
  return { kind: kind as AttachmentKind, name: safeFileName(received!.name), blob: received!.blob };
}

/** A multipart error of Fastify's (too many parts, a malformed body) as the HTTP error it names; others as they are. */
function asHttpError(e: unknown): unknown {
  const status = (e as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpException({ message: (e as Error).message }, status);
  return e;
}
