/**
 * Sample files for attachment tests, each real enough for its type to be recognised from its bytes: a PDF, a PNG, a
 * JPEG, an OFD package (a ZIP with OFD.xml at its root), an executable (this machine's own /bin/true), and the upload
 * itself (`POST /cases/:id/attachments`, multipart `kind` + `file`).
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Test } from 'supertest';
import type { CaseHttp } from './case-http';

export interface SampleFile {
  name: string;
  bytes: Buffer;
}

/** A one-page PDF; `salt` makes the bytes (and the SHA-256) differ between files. */
export function pdfFile(name = '申报书（盖章）.pdf', salt = ''): SampleFile {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${salt}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return { name, bytes: Buffer.from(body, 'latin1') };
}

/** A 1×1 PNG. */
export function pngFile(name = 'scan.png'): SampleFile {
  return { name, bytes: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') };
}

/** The start of a JPEG (SOI and a JFIF APP0 segment): enough for its type. */
export function jpegFile(name = 'photo.jpg'): SampleFile {
  return { name, bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]) };
}

/** An OFD package: a ZIP whose root holds OFD.xml (GB/T 33190). */
export async function ofdFile(name = '推荐函.ofd'): Promise<SampleFile> {
  const zip = new JSZip();
  zip.file('OFD.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>');
  zip.file('Doc_0/Document.xml', '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>');
  return { name, bytes: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}

/** A plain ZIP (not an OFD). */
export async function zipFile(name = 'bundle.pdf'): Promise<SampleFile> {
  const zip = new JSZip();
  zip.file('readme.txt', 'not an OFD');
  return { name, bytes: await zip.generateAsync({ type: 'nodebuffer' }) };
}

/** An executable renamed to look like a PDF. */
export function executableFile(name = '申报书.pdf'): SampleFile {
  return { name, bytes: readFileSync('/bin/true') };
}

/** A file of `size` bytes that is a PDF by its start. */
export function pdfOfSize(size: number, name = 'big.pdf'): SampleFile {
  const head = Buffer.from('%PDF-1.4\n', 'latin1');
  const bytes = Buffer.alloc(size, 0x20);
  head.copy(bytes);
  return { name, bytes };
}

/** `POST /cases/:id/attachments` with `kind` and `file` (declared as application/pdf whatever it is: the server must look at the bytes). */
export function upload(h: CaseHttp, user: string, caseId: string, kind: string, file: SampleFile): Test {
  return h.t
    .http()
    .post(`/api/v1/cases/${caseId}/attachments`)
    .set('Authorization', `Bearer ${h.tokens[user]}`)
    .field('kind', kind)
    .attach('file', file.bytes, { filename: file.name, contentType: 'application/pdf' });
}
