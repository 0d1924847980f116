/**
 * The "replaced blob" tampering scenario (issues #16 and #15): an attachment's bytes changed on disk under its
 * content address are refused on download — 500, never the altered bytes — and raise an integrity incident named by
 * the case stream and the position of its AttachmentAdded event: listed by GET /integrity, counted in /metrics,
 * shown in /health (200, degraded). A deleted blob likewise (blobMissing). The log itself still verifies, so the case
 * takes events as before, and storing the same file again mends the blob.
 */
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClock } from './support/case-seeding';
import { CaseHttp, TIANHE } from './support/case-http';
import { pdfFile, upload } from './support/attachment-files';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('integrity: a replaced attachment blob (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('applicant-th', { role: 'applicant', cityCode: TIANHE.cityCode, districtCode: TIANHE.districtCode });
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses altered bytes with 500 and an incident naming the stream and position; a re-upload mends it', async () => {
    const c = await h.createCase('applicant-th', 'city-gz', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    const file = pdfFile('申报书（盖章）.pdf', 'original');
    const added = await upload(h, 'applicant-th', c.id, 'sealedApplication', file).expect(201);
    const digest = sha256(file.bytes);
    const blobPath = join(t.dataDir, 'blobs', digest.slice(0, 2), digest);
    const forged = Buffer.from(file.bytes.toString('latin1').replace('original', 'FORGED!!'), 'latin1');
    expect(forged.length).toBe(file.bytes.length);
    writeFileSync(blobPath, forged);

    const down = await h.call('applicant-th', 'get', `/cases/${c.id}/attachments/${added.body.attachmentId}`).expect(500);
    expect(down.body).toMatchObject({ statusCode: 500, error: 'INTERNAL' });
    expect(down.text).not.toContain('FORGED');
    const incident = { stream: `case-${c.id}`, position: added.body.position as number, kind: 'blobChanged' };
    const integrity = await h.call('admin', 'get', '/integrity').expect(200);
    expect(integrity.body.incidents).toEqual([expect.objectContaining({ ...incident, detail: expect.stringContaining(digest) })]);
    const health = await t.http().get('/health').expect(200);
    expect(health.body.info.integrity).toMatchObject({ status: 'up', state: 'degraded', incidents: [incident] });
    const metrics = await t.http().get('/metrics').set('authorization', `Bearer ${h.tokens.admin}`).expect(200);
    expect(metrics.text).toMatch(/shenbao_integrity_incidents_total\{kind="blobChanged"\} 1/);

    // The chain is sound: the case takes events, and the same file stored again replaces the altered copy.
    await upload(h, 'applicant-th', c.id, 'sealedApplication', file).expect(201);
    const again = await h.call('applicant-th', 'get', `/cases/${c.id}/attachments/${added.body.attachmentId}`).buffer(true).expect(200);
    expect(sha256(Buffer.from(again.body as Buffer))).toBe(digest);

    rmSync(blobPath);
    await h.call('applicant-th', 'get', `/cases/${c.id}/attachments/${added.body.attachmentId}`).expect(500);
    const after = await h.call('admin', 'get', '/integrity').expect(200);
    expect(after.body.incidents).toContainEqual(expect.objectContaining({ ...incident, kind: 'blobMissing' }));
  });
});
