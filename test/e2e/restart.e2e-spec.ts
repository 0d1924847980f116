/**
 * A case driven over HTTP survives restarts of the app on the same DATA_DIR: once in the middle of expert review
 * (two of five experts have scored) and once while its publicity timer is pending. After each restart the case
 * reads the same to every role (stage, revision, scores, allowed actions), tokens still work, the read models pick
 * up where they stopped (no event counted twice), the timer fires, and the case goes on to approval. At the end the
 * history is one unbroken chain: revisions 0..n, increasing positions, and the store's hash chain verifies.
 */
import { caseStream, dateIn, programStream } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { TestClock, scoreSheet } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import { until } from './support/until';
import type { TestApp } from './support/test-app';

/** Friday 2019-03-01, 10:00 in Guangzhou: inside the seeded round's window. */
const T0 = new Date('2019-03-01T02:00:00Z');
const PANEL = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];
const VIEWERS = ['prov', 'city-gz', 'applicant-th', 'exp-1', 'exp-3'];
/** API.md's case actions; extra actions the API may offer besides (it is free to) are not checked here. */
const CONTRACT_ACTIONS = new Set([
  'application', 'submit', 'withdraw', 'city-audit', 'recommendation', 'panel', 'recusal', 'scores', 'expert-review/conclude', 'defense',
  'defense/result', 'site-visit', 'site-visit/result', 'objections', 'objections/:objectionId/resolution', 'approval', 'progress-reports',
  'evaluations', 'resume', 'revoke', 'complete',
]);

interface HistoryItem {
  position: number;
  revision: number;
  type: string;
  actor: { id: string; role: string };
  hash: string;
}

describe('restart in the middle of a case (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;

  const store = (): EventStore => t.app.get<EventStore>(EVENT_STORE);
  const history = async (c: CaseRef): Promise<HistoryItem[]> => (await h.call('prov', 'get', `/cases/${c.id}/history`).expect(200)).body.items;
  /** The case as each viewer sees it: what must not change across a restart. */
  const views = async (c: CaseRef): Promise<Record<string, unknown>> => {
    const seen: Record<string, unknown> = {};
    for (const user of VIEWERS) {
      const res = await h.call(user, 'get', `/cases/${c.id}`).expect(200);
      const { stage, substate, revision, review, publicity, deadlines, allowedActions } = res.body;
      seen[user] = { etag: res.headers.etag, stage, substate, revision, review, publicity, deadlines, allowedActions };
    }
    return seen;
  };
  /** The API.md actions `user` is offered now, sorted. */
  const actionsOf = async (user: string, c: CaseRef): Promise<string[]> =>
    ((await h.call(user, 'get', `/cases/${c.id}`).expect(200)).body.allowedActions as string[]).filter((a) => CONTRACT_ACTIONS.has(a)).sort();
  const listed = async (minPosition: number) =>
    (await h.call('prov', 'get', `/cases?programId=${programId}&minPosition=${minPosition}`).expect(200)).body.items as { id: string; stage: string }[];
  const dashboard = async (minPosition: number) =>
    (await h.call('prov', 'get', `/programs/${programId}/dashboard?minPosition=${minPosition}`).expect(200)).body;

  beforeAll(async () => {
    const homes = ['440400', '440600', '440700', '441200', '441300'];
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'applicant-th': applicantIn(TIANHE) },
      experts: Object.fromEntries(PANEL.map((u, i) => [u, homes[i]])),
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('goes on from expert review and from a pending publicity timer to approval, with one unbroken history', async () => {
    const c = await h.toRecommendation('applicant-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.expectStage(h.act('prov', c.id, 'panel', { expertIds: PANEL.map((u) => h.expertIds[u]) }), 'expertReview');
    let last = 0;
    for (const u of PANEL.slice(0, 2)) {
      last = (await h.expectStage(h.act(u, c.id, 'scores', { scores: scoreSheet(0.8), comment: '良好' }), 'expertReview')).body.position;
    }
    const beforeViews = await views(c);
    const beforeHistory = await history(c);

    // --- restart 1: two of five scores in ---
    await t.restart();

    // Same tokens (the JWT secret is in DATA_DIR), same case for every role, same history.
    expect(await views(c)).toEqual(beforeViews);
    expect(await history(c)).toEqual(beforeHistory);
    expect(await actionsOf('exp-1', c)).toEqual([]); // scored: no recusal any more (DOMAIN.md), no second sheet
    expect(await actionsOf('exp-3', c)).toEqual(['recusal', 'scores']);
    const again = await h.act('exp-1', c.id, 'scores', { scores: scoreSheet(0.9), comment: '改分' }).expect(422);
    expect(again.body.details).toEqual([expect.objectContaining({ rule: 'scores.once' })]);
    // The read models resumed from their checkpoints: the case counted once, in the stage it is in.
    expect((await listed(last)).map((i) => [i.id, i.stage])).toEqual([[c.id, 'expertReview']]);
    expect((await dashboard(last)).funnel).toMatchObject({ recommendation: 0, expertReview: 1, publicity: 0 });

    for (const u of PANEL.slice(2)) await h.expectStage(h.act(u, c.id, 'scores', { scores: scoreSheet(0.8), comment: '良好' }), 'expertReview');
    await h.expectStage(h.act('prov', c.id, 'expert-review/conclude', { comment: '评审通过' }), 'defense');
    await h.throughDefenseAndSiteVisit(c, 'exp-2');
    const batch = await h.openPublicity(programId, [c.id], clock.now());
    expect((await h.call('prov', 'get', `/cases/${c.id}`).expect(200)).body.substate).toBe('open');

    // --- restart 2: the publicity period runs, its end is a durable timer ---
    await t.restart();

    clock.set(new Date(Date.parse(batch.endsAt) + 1000));
    // No nudge: the restarted app's own timer loop ends the period once its clock has passed the end.
    await until('publicity to end after the restart', async () => {
      const res = await h.call('prov', 'get', `/cases/${c.id}`).expect(200);
      return res.body.stage === 'approval' ? true : undefined;
    });
    expect(await actionsOf('prov', c)).toEqual(['approval']);
    expect(await actionsOf('applicant-th', c)).toEqual(['withdraw']);

    const approved = await h.expectStage(
      h.act('prov', c.id, 'approval', { replyLetterNo: '粤工信数字产业函〔2019〕901号', repliedOn: dateIn(clock.now()) }),
      'progressEvaluation',
    );
    const position = approved.body.position as number;

    // One unbroken history: what was there before the first restart, then the rest, revisions 0..n.
    const items = await history(c);
    expect(items.slice(0, beforeHistory.length)).toEqual(beforeHistory);
    expect(items.map((i) => i.revision)).toEqual(items.map((_, i) => i));
    expect(items.every((item, i) => i === 0 || item.position > items[i - 1].position)).toBe(true);
    expect(items.filter((i) => i.type === 'ScoresSubmitted')).toHaveLength(5);
    expect(items.filter((i) => i.type === 'PublicityEnded')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ role: 'province' }) })]);
    expect(items[items.length - 1]).toMatchObject({ type: 'ApprovalGranted', revision: approved.body.revision });
    const stored = await store().readStream(caseStream(c.id));
    expect(items.map((i) => i.hash)).toEqual(stored.map((e) => e.metadata.hash));
    expect(await store().verify(caseStream(c.id))).toMatchObject({ ok: true, checked: items.length });
    expect((await store().verify(programStream(programId))).ok).toBe(true);

    // The read models caught up with everything, each event counted once.
    expect((await listed(position)).map((i) => [i.id, i.stage])).toEqual([[c.id, 'progressEvaluation']]);
    const board = await dashboard(position);
    expect(board.funnel).toMatchObject({ expertReview: 0, publicity: 0, approval: 0, progressEvaluation: 1 });
    expect(board.approvals).toMatchObject({ granted: 1 });
    expect(board.cities).toContainEqual(expect.objectContaining({ cityCode: '440100', recommended: 1 }));
    expect(board.approvalBatches).toEqual([expect.objectContaining({ batchNo: 1, caseIds: [c.id] })]);

    // And what each role may do now.
    expect(await actionsOf('applicant-th', c)).toEqual(['progress-reports']);
    expect(await actionsOf('city-gz', c)).toEqual(['evaluations']);
    expect(await actionsOf('prov', c)).toEqual(['complete', 'evaluations', 'revoke']);
    await h.call('exp-1', 'get', `/cases/${c.id}`).expect(200);
  });
});
