/**
 * `npm run blobs:sweep` on a DATA_DIR the API wrote: refused while the API runs on it; with the API stopped, reports an
 * unnamed blob and a partial upload without touching them, removes them with `--remove`, and keeps the blob an
 * uploaded attachment's event names (still downloadable afterwards). The rules themselves (what is young, the uploads
 * racing the sweep) are fs-blob-sweep.spec.ts's.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseHttp } from './support/case-http';
import { pdfFile, upload } from './support/attachment-files';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const THREE_DAYS_AGO = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);

describe('npm run blobs:sweep (e2e)', () => {
  let t: TestApp;
  let h: CaseHttp;

  beforeAll(async () => {
    t = await bootTestApp();
    h = new CaseHttp(t);
    await h.signInAdmin();
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
  });
  afterAll(async () => {
    await t.close();
  });

  const sweep = (...args: string[]) =>
    spawnSync(process.execPath, [join(__dirname, '../../scripts/blobs-sweep.cjs'), ...args], {
      env: { ...process.env, DATA_DIR: t.dataDir, BLOB_DIR: '', EVENT_STORE: '', KURRENTDB_URL: '', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const blobPath = (digest: string) => join(t.dataDir, 'blobs', digest.slice(0, 2), digest);

  it('reports, then removes, what no event names; keeps the attachment', async () => {
    const programId = await h.programIdOf('gd-bdpz-2019');
    const draft = await h.createCase('app-th', 'city-gz', { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' }, programId);
    const file = pdfFile('天河区申报书（盖章）.pdf');
    const added = await upload(h, 'app-th', draft.id, 'sealedApplication', file).expect(201);
    const named = sha256(file.bytes);
    // What a refused upload and a process dying mid-upload leave behind, three days ago.
    const orphan = sha256('a scan whose event was refused');
    mkdirSync(join(t.dataDir, 'blobs', orphan.slice(0, 2)), { recursive: true });
    writeFileSync(blobPath(orphan), 'a scan whose event was refused');
    const part = join(t.dataDir, 'blobs', 'tmp', 'b3a0c2e4-dead-4c0d-9e1f-upload.part');
    writeFileSync(part, 'half a scan');
    for (const path of [blobPath(named), blobPath(orphan), part]) utimesSync(path, THREE_DAYS_AGO, THREE_DAYS_AGO);

    const running = sweep();
    expect(running.status).toBe(1);
    expect(running.stderr).toContain('stop it first');

    let report = '';
    let removal = '';
    await t.restart(undefined, () => {
      const dry = sweep();
      expect(dry.stderr).toBe('');
      expect(dry.status).toBe(0);
      report = dry.stdout;
      expect(existsSync(blobPath(orphan))).toBe(true);
      expect(existsSync(part)).toBe(true);
      const wet = sweep('--remove');
      expect(wet.stderr).toBe('');
      expect(wet.status).toBe(0);
      removal = wet.stdout;
    });
    expect(report).toContain('2 blob(s) on disk, 1 named by an event.');
    expect(report).toContain(`  ${orphan}  30 bytes`);
    expect(report).toContain('Partial uploads left by a process that died: 1');
    expect(report).toContain('Nothing removed: run again with -- --remove');
    expect(removal).toContain('Removed 0.0 MB.');
    expect(existsSync(blobPath(orphan))).toBe(false);
    expect(existsSync(part)).toBe(false);
    expect(existsSync(blobPath(named))).toBe(true);
    await h.call('city-gz', 'get', `/cases/${draft.id}/attachments/${added.body.attachmentId as string}`).expect(200);
  });

  it('refuses a wrong argument, naming it, and changes nothing', () => {
    const wrong = sweep('--older-than', '0');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--older-than must be a number of hours >= 1');
  });
});
