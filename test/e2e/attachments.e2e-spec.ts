/**
 * Attachments over HTTP (issue #15): `POST /cases/:id/attachments` (multipart `kind` + `file`) → 201 with the
 * SHA-256 also in the case history; the type recognised from the bytes (a PNG named .pdf is stored as image/png, an
 * executable named .pdf is 415, OFD recognised inside its ZIP); 413 over 20 MB per file and 200 MB per case; who may
 * add which kind when (403/409); scoping like the case (another city 404); the list and the download with the
 * Chinese file name in Content-Disposition (RFC 6266 filename*).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { TestClock } from './support/case-seeding';
import { API, CaseHttp } from './support/case-http';
import type { CaseRef, Party } from './support/case-http';
import { executableFile, jpegFile, ofdFile, pdfFile, pdfOfSize, pngFile, upload, zipFile } from './support/attachment-files';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const MB = 1024 * 1024;
const party = (districtCode: string, name: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName: `广州市${name}区人民政府` });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Supertest hands a binary body over as a Buffer only with a parser that collects it. */
const binary = (res: Response, cb: (e: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('attachments (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let draft: CaseRef;

  const revisionOf = async (caseId: string) => (await h.call('prov', 'get', `/cases/${caseId}`).expect(200)).body.revision as number;
  const tmpFiles = () => readdirSync(join(t.dataDir, 'blobs', 'tmp'));

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('prov', { role: 'province' });
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('city-sz', { role: 'city', cityCode: '440300' });
    await h.addUser('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    await h.addExpert('exp-1', '440400');
    programId = await h.programIdOf('gd-bdpz-2019');
    draft = await h.createCase('app-th', 'city-gz', party('440106', '天河'), programId);
  });

  afterAll(async () => {
    await t.close();
  });

  it('stores a sealed scan: 201 with its SHA-256, in the list, in the history, downloadable with its Chinese name', async () => {
    const file = pdfFile('天河区申报书（盖章）.pdf');
    const before = await revisionOf(draft.id);
    const res = await upload(h, 'app-th', draft.id, 'sealedApplication', file).expect(201);
    expect(res.body).toEqual({
      attachmentId: expect.any(String), kind: 'sealedApplication', name: '天河区申报书（盖章）.pdf', size: file.bytes.length, mediaType: 'application/pdf',
      sha256: sha256(file.bytes), caseId: draft.id, revision: before + 1, position: expect.any(Number),
    });
    expect(res.headers.etag).toBe(`"${before + 1}"`);
    const digest = sha256(file.bytes);
    expect(readFileSync(join(t.dataDir, 'blobs', digest.slice(0, 2), digest)).equals(file.bytes)).toBe(true);

    const list = await h.call('app-th', 'get', `/cases/${draft.id}/attachments`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ attachmentId: res.body.attachmentId, sha256: digest, uploadedBy: expect.objectContaining({ role: 'applicant' }), at: expect.any(String) })]);
    expect(list.body.kindsAllowed).toEqual(['sealedApplication', 'evidence']);

    const history = await h.call('prov', 'get', `/cases/${draft.id}/history`).expect(200);
    const item = (history.body.items as { type: string; data: { sha256: string }; hash: string }[]).find((i) => i.type === 'AttachmentAdded');
    expect(item?.data).toMatchObject({ sha256: digest, size: file.bytes.length, mediaType: 'application/pdf', kind: 'sealedApplication', name: '天河区申报书（盖章）.pdf' });
    expect(item?.hash).toMatch(/^[0-9a-f]{64}$/);

    const down = await h.call('city-gz', 'get', `/cases/${draft.id}/attachments/${res.body.attachmentId}`).buffer(true).parse(binary).expect(200);
    expect((down.body as Buffer).equals(file.bytes)).toBe(true);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="attachment-${res.body.attachmentId}.pdf"; filename*=UTF-8''${encodeURIComponent('天河区申报书（盖章）.pdf').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
  });

  it('recognises the type from the bytes: a PNG named .pdf is image/png, JPEG and OFD are taken', async () => {
    const png = await upload(h, 'app-th', draft.id, 'evidence', pngFile('照片.pdf')).expect(201);
    expect(png.body).toMatchObject({ name: '照片.pdf', mediaType: 'image/png' });
    const down = await h.call('app-th', 'get', `/cases/${draft.id}/attachments/${png.body.attachmentId}`).buffer(true).parse(binary).expect(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['content-disposition']).toContain(`filename="attachment-${png.body.attachmentId}.png"`);
    expect((await upload(h, 'app-th', draft.id, 'evidence', jpegFile()).expect(201)).body.mediaType).toBe('image/jpeg');
    expect((await upload(h, 'app-th', draft.id, 'evidence', await ofdFile()).expect(201)).body.mediaType).toBe('application/ofd');
  });

  it('refuses an executable named .pdf and a plain ZIP with 415 naming the file and the type found, and stores nothing', async () => {
    const before = await revisionOf(draft.id);
    const exe = await upload(h, 'app-th', draft.id, 'evidence', executableFile('申报书.pdf')).expect(415);
    expect(exe.body).toMatchObject({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', details: [{ field: 'file', detectedType: 'application/x-elf' }] });
    expect(exe.body.message).toContain('application/x-elf');
    const zip = await upload(h, 'app-th', draft.id, 'evidence', await zipFile()).expect(415);
    expect(zip.body.details).toEqual([expect.objectContaining({ field: 'file', detectedType: 'application/zip' })]);
    const text = await upload(h, 'app-th', draft.id, 'evidence', { name: 'a.pdf', bytes: Buffer.from('just text, no signature') }).expect(415);
    expect(text.body.details).toEqual([expect.objectContaining({ field: 'file', detectedType: null })]);
    expect(await revisionOf(draft.id)).toBe(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a file over 20 MB with 413 (the rest of the upload read and dropped)', async () => {
    const before = await revisionOf(draft.id);
    const res = await upload(h, 'app-th', draft.id, 'evidence', pdfOfSize(20 * MB + 1)).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'PAYLOAD_TOO_LARGE', details: [{ field: 'file', limit: 'file' }] });
    expect(await revisionOf(draft.id)).toBe(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('takes 200 MB per case and refuses the file that goes over (413 naming the case limit)', async () => {
    const c = await h.createCase('app-th', 'city-gz', party('440106', '天河'), programId);
    const file = pdfOfSize(20 * MB, 'twenty.pdf');
    for (let i = 0; i < 10; i++) await upload(h, 'app-th', c.id, 'evidence', file).expect(201);
    const res = await upload(h, 'app-th', c.id, 'evidence', pdfFile()).expect(413);
    expect(res.body).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', details: [{ field: 'file', limit: 'case' }] });
    expect(res.body.message).toContain('200 MB');
  }, 60_000);

  it('follows roles and stages: 403 for a kind the role never adds, 409 out of its stage, 404 for another city', async () => {
    expect((await upload(h, 'exp-1', draft.id, 'evidence', pdfFile())).body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
    expect((await upload(h, 'app-th', draft.id, 'recommendationLetter', pdfFile())).body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
    expect((await upload(h, 'city-gz', draft.id, 'recommendationLetter', pdfFile())).body).toMatchObject({ statusCode: 409, error: 'ILLEGAL_TRANSITION' });
    expect((await upload(h, 'app-th', draft.id, 'progressAnnex', pdfFile())).body).toMatchObject({ statusCode: 409, error: 'ILLEGAL_TRANSITION' });
    expect((await upload(h, 'city-sz', draft.id, 'recommendationLetter', pdfFile())).body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect(tmpFiles()).toEqual([]);
  });

  it('lets the city of the case add its sealed recommendation letter at recommendation', async () => {
    const c = await h.submitted('app-th', 'city-gz', party('440106', '天河'), programId);
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    const list = await h.call('city-gz', 'get', `/cases/${c.id}/attachments`).expect(200);
    expect(list.body.kindsAllowed).toEqual(['recommendationLetter']);
    expect((await h.call('app-th', 'get', `/cases/${c.id}/attachments`).expect(200)).body.kindsAllowed).toEqual([]);
    const res = await upload(h, 'city-gz', c.id, 'recommendationLetter', pdfFile('广州市推荐函（盖章）.pdf')).expect(201);
    expect(res.body).toMatchObject({ kind: 'recommendationLetter', name: '广州市推荐函（盖章）.pdf' });
    const after = await h.call('city-gz', 'get', `/cases/${c.id}/attachments`).expect(200);
    expect(after.body.items.map((i: { kind: string }) => i.kind)).toEqual(['sealedApplication', 'recommendationLetter']);
    expect(after.body.items[1].uploadedBy).toEqual({ userId: expect.any(String), role: 'city', cityCode: '440100' });
  });

  it('is scoped like the case: another city gets 404 for the list and the bytes', async () => {
    const list = await h.call('app-th', 'get', `/cases/${draft.id}/attachments`).expect(200);
    const id = list.body.items[0].attachmentId as string;
    expect((await h.call('city-sz', 'get', `/cases/${draft.id}/attachments`)).body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect((await h.call('city-sz', 'get', `/cases/${draft.id}/attachments/${id}`)).body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect((await h.call('app-th', 'get', `/cases/${draft.id}/attachments/00000000-0000-4000-8000-000000000000`)).body).toMatchObject({ statusCode: 404 });
    expect((await h.call('app-th', 'get', `/cases/${draft.id}/attachments/not-an-id`)).body).toMatchObject({ statusCode: 404 });
  });

  it('names the field of a bad form: 400 for a missing or unknown kind, a missing file, an unknown field, a body that is not multipart', async () => {
    const url = `${API}/cases/${draft.id}/attachments`;
    const auth = `Bearer ${h.tokens['app-th']}`;
    const noKind = await t.http().post(url).set('Authorization', auth).attach('file', pdfFile().bytes, { filename: 'a.pdf' }).expect(400);
    expect(noKind.body.details).toEqual([{ field: 'kind', messages: [expect.stringContaining('is required')] }]);
    const badKind = await upload(h, 'app-th', draft.id, 'photo', pdfFile()).expect(400);
    expect(badKind.body.details).toEqual([{ field: 'kind', messages: [expect.stringContaining('must be one of sealedApplication')] }]);
    const noFile = await t.http().post(url).set('Authorization', auth).field('kind', 'evidence').expect(400);
    expect(noFile.body.details).toEqual([{ field: 'file', messages: [expect.stringContaining('is required')] }]);
    const extra = await upload(h, 'app-th', draft.id, 'evidence', pdfFile()).field('note', 'x').expect(400);
    expect(extra.body.details).toEqual([{ field: 'note', messages: [expect.stringContaining('is not a field')] }]);
    const json = await h.call('app-th', 'post', `/cases/${draft.id}/attachments`, { kind: 'evidence' }).expect(400);
    expect(json.body.details).toEqual([{ field: 'body', messages: [expect.stringContaining('multipart/form-data')] }]);
    expect(tmpFiles()).toEqual([]);
    expect(existsSync(join(t.dataDir, 'blobs'))).toBe(true);
  });
});
