/**
 * Confidentiality over HTTP (DOMAIN.md): experts' identities and individual scores are the province's (each expert
 * knows its own); the applicant and the city see the concluded outcome, the aggregate score and the comments without
 * names, and only after the conclusion; objectors' identities are the province's only. Checked per role, before and
 * after the conclusion, on every view they reach: the case (also `asOf`), its history, the case list and the inbox.
 */
import { dateIn } from '@shenbao/domain';
import type { Response } from 'supertest';
import { scoreSheet, TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp, CaseRef } from './support/case-http';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const PANEL = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];
const PARTIES = ['app-th', 'city-gz'];

interface HistoryItem {
  type: string;
  actor: { id: string; role: string; name?: string };
  data: Record<string, unknown>;
}

describe('confidentiality of experts and objectors (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let c: CaseRef;
  let expertUserIds: string[];
  let beforeConclusion: string;

  const detail = async (user: string, query = ''): Promise<Record<string, any>> => (await h.call(user, 'get', `/cases/${c.id}${query}`).expect(200)).body;
  const history = async (user: string): Promise<HistoryItem[]> => (await h.call(user, 'get', `/cases/${c.id}/history`).expect(200)).body.items;
  const listed = async (user: string): Promise<Record<string, any>> =>
    ((await h.call(user, 'get', `/cases?programId=${c.programId}`).expect(200)).body.items as { id: string }[]).find((i) => i.id === c.id)!;
  const inbox = async (user: string): Promise<Response> => h.call(user, 'get', '/inbox?includeDone=true').expect(200);
  /** No expert pool id, no expert account id and no expert's display name anywhere in what this user was given. */
  const namesNoExpert = (body: unknown): void => {
    const text = JSON.stringify(body);
    for (const id of [...Object.values(h.expertIds), ...expertUserIds]) expect(text).not.toContain(id);
    for (const name of PANEL) expect(text).not.toContain(`"${name}"`);
  };

  beforeAll(async () => {
    const homes = ['440400', '440600', '440700', '441200', '441300'];
    let programId: string;
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: { prov: OFFICERS.prov, 'city-gz': OFFICERS['city-gz'], 'app-th': applicantIn(TIANHE) },
      experts: Object.fromEntries(PANEL.map((u, i) => [u, homes[i]])),
    }));
    const users = (await h.call('admin', 'get', '/users?limit=200').expect(200)).body.items as { id: string; role: string }[];
    expertUserIds = users.filter((u) => u.role === 'expert').map((u) => u.id);
    expect(expertUserIds).toHaveLength(5);
    c = await h.toRecommendation('app-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.expectStage(h.act('prov', c.id, 'panel', { expertIds: PANEL.map((u) => h.expertIds[u]) }), 'expertReview');
    for (const [i, u] of PANEL.slice(0, 3).entries()) {
      clock.tick();
      await h.expectStage(h.act(u, c.id, 'scores', { scores: scoreSheet(0.8), comment: `意见${3 - i}` }), 'expertReview');
    }
  });

  afterAll(async () => {
    await t.close();
  });

  describe('while the review runs', () => {
    it.each(PARTIES)('%s sees no panel, no score, no comment, on the case, its history and the list', async (user) => {
      const body = await detail(user);
      expect(body.review).toEqual({ panel: null, recusals: [], replacements: [], scores: {}, conclusion: null });
      const items = await history(user);
      expect(items.find((i) => i.type === 'ExpertPanelFormed')!.data).toEqual({ method: 'chosen', size: 5 });
      expect(items.filter((i) => i.type === 'ScoresSubmitted').map((i) => i.data)).toEqual([{}, {}, {}]);
      expect(items.filter((i) => i.actor.role === 'expert').map((i) => i.actor.id)).toEqual(['', '', '']);
      expect((await listed(user)).panel).toEqual([]);
      for (const b of [body, items, await listed(user), (await inbox(user)).body]) namesNoExpert(b);
    });

    it('an expert sees its own sheet and itself only; the province sees every expert and sheet', async () => {
      const own = await detail('exp-1');
      expect(Object.keys(own.review.scores)).toEqual([h.expertIds['exp-1']]);
      expect((await listed('exp-1')).panel).toEqual([h.expertIds['exp-1']]);
      const mine = (await history('exp-2')).filter((i) => i.type === 'ScoresSubmitted');
      expect(mine.map((i) => Object.keys(i.data).length > 0)).toEqual([false, true, false]);

      const prov = await detail('prov');
      expect(Object.keys(prov.review.scores).sort()).toEqual(PANEL.slice(0, 3).map((u) => h.expertIds[u]).sort());
      expect(prov.review.panel.expertIds).toEqual(PANEL.map((u) => h.expertIds[u]));
      expect((await listed('prov')).panel).toHaveLength(5);
      expect((await history('prov')).filter((i) => i.actor.role === 'expert').every((i) => expertUserIds.includes(i.actor.id))).toBe(true);
    });

    it('names the actors of the history by display name: the parties their own and the officers, only the province the experts', async () => {
      // Display names are the usernames here (CaseHttp.addUser).
      const byType = (items: HistoryItem[], type: string) => items.find((i) => i.type === type)!.actor;
      for (const user of PARTIES) {
        const items = await history(user);
        expect(byType(items, 'CaseSubmitted')).toMatchObject({ role: 'applicant', name: 'app-th' });
        expect(byType(items, 'CityAuditPassed')).toMatchObject({ role: 'city', name: 'city-gz' });
        expect(byType(items, 'ExpertPanelFormed')).toMatchObject({ role: 'province', name: 'prov' });
        expect(items.filter((i) => i.actor.role === 'expert').map((i) => i.actor)).toEqual([{ id: '', role: 'expert' }, { id: '', role: 'expert' }, { id: '', role: 'expert' }]);
      }
      expect((await history('exp-2')).filter((i) => i.actor.role === 'expert').map((i) => i.actor.name)).toEqual([undefined, 'exp-2', undefined]);
      expect((await history('prov')).filter((i) => i.actor.role === 'expert').map((i) => i.actor.name)).toEqual(['exp-1', 'exp-2', 'exp-3']);
    });
  });

  describe('after the conclusion', () => {
    beforeAll(async () => {
      for (const u of PANEL.slice(3)) {
        clock.tick();
        await h.expectStage(h.act(u, c.id, 'scores', { scores: scoreSheet(0.8), comment: u === 'exp-4' ? '意见5' : '' }), 'expertReview');
      }
      beforeConclusion = clock.now().toISOString();
      clock.tick();
      await h.expectStage(h.act('prov', c.id, 'expert-review/conclude', { comment: '评审通过' }), 'defense');
      clock.tick();
      await h.expectStage(h.act('prov', c.id, 'defense', { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅', panelExpertIds: [h.expertIds['exp-1']] }), 'defense');
    });

    it.each(PARTIES)('%s sees the outcome, the aggregate score and the comments without names', async (user) => {
      const body = await detail(user);
      expect(body.review).toEqual({
        panel: null,
        recusals: [],
        replacements: [],
        scores: {},
        conclusion: { outcome: 'pass', score: 80, threshold: expect.any(Number), comment: '评审通过' },
        comments: ['意见1', '意见2', '意见3', '意见5'],
      });
      expect(body.defense.schedule).toMatchObject({ venue: '省工信厅', panelExpertIds: [] });
      const sheets = (await history(user)).filter((i) => i.type === 'ScoresSubmitted').map((i) => i.data);
      expect(sheets).toEqual([{ comment: '意见3' }, { comment: '意见2' }, { comment: '意见1' }, { comment: '意见5' }, { comment: '' }]);
      for (const b of [body, await history(user), await listed(user), (await inbox(user)).body]) namesNoExpert(b);
    });

    it('an expert still sees only its own sheet and itself on the defense panel; the others only as comments', async () => {
      const own = await detail('exp-1');
      expect(Object.keys(own.review.scores)).toEqual([h.expertIds['exp-1']]);
      expect([own.review.panel, own.review.conclusion.outcome]).toEqual([null, 'pass']);
      expect(own.review.comments).toEqual(['意见1', '意见2', '意见3', '意见5']);
      expect(own.defense.schedule.panelExpertIds).toEqual([h.expertIds['exp-1']]);
      const others = Object.entries(h.expertIds).filter(([u]) => u !== 'exp-1').map(([, id]) => id);
      const text = JSON.stringify([own, await history('exp-1')]);
      for (const id of others) expect(text).not.toContain(id);
    });

    it.each(PARTIES)('%s asking asOf a moment before the conclusion still sees nothing of the review', async (user) => {
      const then = await detail(user, `?asOf=${encodeURIComponent(beforeConclusion)}`);
      expect(then.stage).toBe('expertReview');
      expect(then.review).toEqual({ panel: null, recusals: [], replacements: [], scores: {}, conclusion: null });
      namesNoExpert(then);
      expect((await detail('prov', `?asOf=${encodeURIComponent(beforeConclusion)}`)).review.scores).not.toEqual({});
    });
  });

  describe('objectors', () => {
    it('are named to the province only, on the case and in its history', async () => {
      await h.expectStage(h.act('prov', c.id, 'defense/result', { decision: 'pass', score: 85, comment: '答辩通过' }), 'siteVisit');
      await h.expectStage(h.act('prov', c.id, 'site-visit', { scheduledAt: '2019-03-25T09:30:00+08:00', team: ['王处长'] }), 'siteVisit');
      await h.expectStage(h.act('prov', c.id, 'site-visit/result', { decision: 'pass', findings: '基础扎实' }), 'publicity');
      await h.openPublicity(c.programId, [c.id], clock.now());
      const objector = { kind: 'person', name: '王某某', contact: '13700000001', evidence: '举报材料' };
      await h.act('prov', c.id, 'objections', { objector, summary: '数据不实', receivedOn: dateIn(clock.now()) }).expect(201);

      expect((await detail('prov')).publicity.objections[0].objector).toEqual(objector);
      for (const user of [...PARTIES, 'admin']) {
        const body = await detail(user);
        expect(body.publicity.objections[0]).toMatchObject({ summary: '数据不实', objector: { kind: 'person', name: '', contact: '' } });
        const items = await history(user);
        expect(JSON.stringify([body, items, (await inbox(user)).body])).not.toMatch(/王某某|13700000001|举报材料/);
      }
    });
  });
});
