/**
 * The README's five-minute tour is a tested example: docs/tour.sh runs against the app listening on an ephemeral
 * port (on the real clock, so "today" is today) and must take its case from draft to approval; the README's tour
 * block is the script after its header, line for line, so the two cannot drift apart; and a wrong or missing
 * ADMIN_PASSWORD stops it with a message that says why.
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

/** `adminPassword: null` runs it without ADMIN_PASSWORD. */
function runTour(api: string, adminPassword: string | null = ADMIN_PASSWORD): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, API: api };
  if (adminPassword === null) delete env.ADMIN_PASSWORD;
  else env.ADMIN_PASSWORD = adminPassword;
  return new Promise((resolve) => {
    // stdin is not a terminal here, so the tour cannot ask for a missing password.
    execFile('bash', [SCRIPT], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const MARKER = "# ---- the README's tour block ----\n";

/** The README tour section's second bash block (the first starts the server and the tour). */
function readmeTourBlock(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## A five-minute tour');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(2);
  return blocks[1];
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

  it('shows in the README exactly the lines docs/tour.sh runs after its header', () => {
    const script = readFileSync(SCRIPT, 'utf8');
    expect(script).toContain(MARKER);
    expect(readmeTourBlock()).toBe(script.slice(script.indexOf(MARKER) + MARKER.length));
  });

  it('stops at the sign-in with a wrong ADMIN_PASSWORD and says why, or without one', async () => {
    const wrong = await runTour(api, 'Not-the-admin-pass-1');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('HTTP 401');
    expect(wrong.stderr).toContain("tour: admin cannot sign in with this ADMIN_PASSWORD. The server chose admin's password once");
    const missing = await runTour(api, null);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("tour: set ADMIN_PASSWORD to admin's password");
    const admin = await t.token('admin', ADMIN_PASSWORD);
    const programs = await t.http().get('/api/v1/programs').set('Authorization', `Bearer ${admin}`).expect(200);
    expect((programs.body.items as { key: string }[]).map((p) => p.key)).toEqual(['gd-bdpz-2019']);
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
