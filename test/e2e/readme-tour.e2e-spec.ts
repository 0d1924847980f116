/**
 * The README's five-minute tour is a tested example: docs/tour.sh runs against the app listening on an ephemeral
 * port and must take its case from draft to approval, planning the working-day time limits it defines; the README's
 * tour block is the script after its header, line for line, so the two cannot drift apart; and a wrong or missing
 * ADMIN_PASSWORD stops it with a message that says why.
 *
 * The tour works "today". Here today is fixed, so the due dates it plans can be checked against literal dates: the
 * app runs on a LiveClock from T0 (moving in real time, so the 10-second publicity period still ends by itself), and
 * the script's node helpers (its `day N`) read the same clock through a preload that shifts `Date.now`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveClock } from './support/redis-test';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'docs', 'tour.sh');
/** Monday 2026-09-28, 10:00 in Shanghai: the Mid-Autumn days are just over and National Day (Oct 1–7) is ahead. */
const T0 = new Date('2026-09-28T02:00:00Z');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs docs/tour.sh; `adminPassword: null` runs it without ADMIN_PASSWORD; with `shift`, the node processes it starts
 * read `shift.clock` (see the file comment).
 */
function runTour(api: string, adminPassword: string | null = ADMIN_PASSWORD, shift?: { clock: LiveClock; dir: string }): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, API: api };
  if (adminPassword === null) delete env.ADMIN_PASSWORD;
  else env.ADMIN_PASSWORD = adminPassword;
  if (shift) {
    const preload = join(shift.dir, 'clock.cjs');
    const offset = shift.clock.now().getTime() - Date.now();
    writeFileSync(preload, `const realNow = Date.now;\nDate.now = () => realNow() + ${offset};\n`);
    env.NODE_OPTIONS = `--require ${preload}`;
  }
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
  const clock = new LiveClock(T0);
  let t: TestApp;
  let api: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-tour-'));
    t = await bootTestApp({}, { clock: clock.now });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    api = `http://127.0.0.1:${port}/api/v1`;
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
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
    const run = await runTour(api, ADMIN_PASSWORD, { clock, dir });
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
    const items = history.body.items as { type: string; at: string }[];
    expect(items.map((e) => e.type)).toEqual(
      expect.arrayContaining(['CaseSubmitted', 'RecommendationIssued', 'ExpertReviewConcluded', 'PublicityEnded', 'ApprovalGranted']),
    );

    // The time limits the tour's workflow sets, as planned when the case entered each stage (Monday 2026-09-28).
    // Official 2026 arrangement: Oct 1–7 off, Sat Oct 10 an adjusted workday.
    // cityAudit P10D: Sep 29, 30, Oct 8, 9, 10 (Sat), 12, 13, 14, 15, 16 → the end of Fri Oct 16.
    // expertReview P20D: … Oct 16 (10), 19–23 (15), 26–30 (20) → the end of Fri Oct 30.
    const deadlinesAt = async (type: string) => {
      const at = items.find((e) => e.type === type)!.at;
      expect(at.slice(0, 10)).toBe('2026-09-28');
      const res = await t.http().get(`/api/v1/cases/${id}?asOf=${encodeURIComponent(at)}`).set('Authorization', `Bearer ${admin}`).expect(200);
      return res.body.deadlines as unknown[];
    };
    expect(await deadlinesAt('CaseSubmitted')).toEqual([{ kind: 'due', stage: 'cityAudit', dueAt: '2026-10-16T15:59:59.999Z' }]);
    expect(await deadlinesAt('RecommendationIssued')).toEqual([{ kind: 'due', stage: 'expertReview', dueAt: '2026-10-30T15:59:59.999Z' }]);
  }, 90_000);
});
