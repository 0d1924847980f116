/**
 * The README's five-minute tour is a tested example: docs/tour.sh runs against the app listening on an ephemeral
 * port (on the real clock, so "today" is today) and must take its case from draft to approval; and every command the
 * README's tour section shows must be a line of that script, so the two cannot drift apart.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'docs', 'tour.sh');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runTour(api: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT], { env: { ...process.env, API: api, ADMIN_PASSWORD }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The bash blocks of the README's tour section, but the first (which starts the server). */
function readmeTourCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## A five-minute tour');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(1);
  return blocks
    .slice(1)
    .flatMap((b) => b.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

describe('README tour (e2e)', () => {
  let t: TestApp;
  let api: string;

  beforeAll(async () => {
    t = await bootTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    api = `http://127.0.0.1:${port}/api/v1`;
  });

  afterAll(async () => {
    await t.close();
  });

  it('shows in the README only commands that docs/tour.sh runs', () => {
    const script = new Set(readFileSync(SCRIPT, 'utf8').split('\n').map((l) => l.trim()));
    const missing = readmeTourCommands().filter((l) => !script.has(l));
    expect(missing).toEqual([]);
  });

  it('takes a case from draft to approval with docs/tour.sh', async () => {
    const run = await runTour(api);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

    const admin = await t.token('admin', ADMIN_PASSWORD);
    const list = await t.http().get('/api/v1/cases').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.items).toHaveLength(1);
    const id = list.body.items[0].id as string;
    expect(run.stdout).toContain(`case ${id}`);
    const detail = await t.http().get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(detail.body).toMatchObject({
      stage: 'progressEvaluation',
      workflow: { key: 'tour', version: 1 },
      approval: expect.objectContaining({ replyLetterNo: expect.any(String), batchNo: 1 }),
    });
    const history = await t.http().get(`/api/v1/cases/${id}/history`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect((history.body.items as { type: string }[]).map((e) => e.type)).toEqual(
      expect.arrayContaining(['CaseSubmitted', 'RecommendationIssued', 'ExpertReviewConcluded', 'PublicityEnded', 'ApprovalGranted']),
    );
  }, 90_000);
});
