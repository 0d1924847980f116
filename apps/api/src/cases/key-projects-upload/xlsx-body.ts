/**
 * The XLSX request body of `PUT /cases/:id/application/key-projects`, taken as raw bytes (the handler reads them
 * with libs/documents). Its own limit: a filled-in 重点任务（项目）表 of 500 projects is a few hundred kB; 5 MB leaves
 * room for what Excel and WPS add (styles, a theme, an embedded picture) and still bounds what one request holds.
 */
import type { FastifyInstance } from 'fastify';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLSX_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export function acceptXlsxBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(XLSX_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: XLSX_BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
}
