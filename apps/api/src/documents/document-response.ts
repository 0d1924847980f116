/** Sending a generated file: its media type, its Chinese file name, its length; and its OpenAPI description. */
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/http.types';
import { contentDisposition } from './content-disposition';

export const MEDIA = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

export type Format = keyof typeof MEDIA;

export interface FileName {
  /** The Chinese name, for `filename*`. */
  name: string;
  /** An ASCII name for older clients. */
  ascii: string;
}

export function sendFile(res: HttpResponse, format: Format, file: FileName, body: Buffer | string | NodeJS.ReadableStream, inline = false): HttpResponse {
  void res.type(MEDIA[format]).header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name, file.ascii));
  // Generated from the current case: a later change gives another document, so caches must ask again.
  void res.header('Cache-Control', 'private, no-cache');
  return res.send(body);
}

/** The OpenAPI answer of a file route: the binary (or text) body under its media type. */
export function ApiFile(format: Format, description: string): MethodDecorator {
  const mediaType = MEDIA[format].split(';')[0]!;
  const schema = format === 'csv' || format === 'html' ? { type: 'string' } : { type: 'string', format: 'binary' };
  return applyDecorators(
    ApiProduces(mediaType),
    ApiOkResponse({
      description: `${description}. Content-Disposition names the file in Chinese (filename*=UTF-8''…) with an ASCII fallback.`,
      content: { [mediaType]: { schema } },
    }),
  );
}
