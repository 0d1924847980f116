import type { Actor } from '@shenbao/domain';
import type { StoredEvent } from '@shenbao/event-store';
import { eventsAsOf } from '../case-detail/case-reader';
import { toHistory } from './case-history.view';

let position = 0;
const ev = (type: string, data: unknown, at = `2019-03-01T0${position % 10}:00:00.000Z`): StoredEvent => {
  position++;
  return {
    id: `id-${position}`,
    stream: 'case-A',
    revision: position - 1,
    position,
    type,
    data,
    metadata: { actor: 'u', role: 'province', at, correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '0'.repeat(64), hash: `${position}`.padStart(64, '0') },
  };
};
const sheet = (expertId: string) => ev('ScoresSubmitted', { expertId, scores: { basis: 16 }, total: 80, comment: '' });
const e1: Actor = { userId: 'u-e1', role: 'expert', expertId: 'e1' };
const redactedTypes = (events: StoredEvent[], actor: Actor) =>
  toHistory(events, actor).items.map((i) => `${i.type}${i.redacted ? '*' : ''}`);

describe('toHistory', () => {
  beforeEach(() => {
    position = 0;
  });

  it("shows an expert its own sheet, never the panel's names nor another's sheet; once concluded, the other sheets' comments only", () => {
    const panel = (...ids: string[]) => ev('ExpertPanelFormed', { expertIds: ids, method: 'chosen' });
    const open = [panel('e1', 'e2'), sheet('e1'), { ...sheet('e2'), data: { expertId: 'e2', scores: { basis: 16 }, total: 80, comment: '好' } }];
    expect(redactedTypes(open, e1)).toEqual(['ExpertPanelFormed*', 'ScoresSubmitted', 'ScoresSubmitted*']);
    expect(toHistory(open, e1).items.map((i) => i.data)).toEqual([{ method: 'chosen', size: 2 }, open[1]!.data, {}]);
    const concluded = [...open, ev('ExpertReviewConcluded', { outcome: 'defer' })];
    expect(toHistory(concluded, e1).items[2]).toMatchObject({ data: { comment: '好' }, redacted: true });
    expect(JSON.stringify(toHistory(concluded, e1))).not.toContain('"e2"');
  });

  it('hides the sheets of a new review again, even after an earlier review was concluded', () => {
    const panel = ev('ExpertPanelFormed', { expertIds: ['e1', 'e2', 'e3'], method: 'chosen' });
    const events = [panel, sheet('e2'), ev('ExpertReviewConcluded', {}), ev('CaseResumed', {}), { ...panel, position: 99 }, sheet('e3')];
    expect(toHistory(events, e1).items.map((i) => i.data).filter((_, i) => events[i]!.type === 'ScoresSubmitted')).toEqual([{ comment: '' }, {}]);
  });

  it('shows every sheet to the province', () => {
    const events = [ev('ExpertPanelFormed', {}), sheet('e2')];
    expect(redactedTypes(events, { userId: 'p', role: 'province' })).toEqual(['ExpertPanelFormed', 'ScoresSubmitted']);
  });

  it.each<[Actor['role'], boolean]>([
    ['province', false],
    ['admin', true],
    ['city', true],
    ['expert', true],
  ])('an objector is hidden from %s: %s', (role, hidden) => {
    const raised = ev('ObjectionRaised', { objectionId: 'o1', objector: { kind: 'unit', name: '某公司', contact: '020-1', evidence: 'x' }, summary: 's', receivedOn: '2019-03-01' });
    const [item] = toHistory([raised], { userId: 'u', role, expertId: 'e1' }).items;
    expect(item!.data).toMatchObject({ objectionId: 'o1', summary: 's', objector: hidden ? { kind: 'unit', name: '', contact: '' } : { name: '某公司', evidence: 'x' } });
    expect(Boolean(item!.redacted)).toBe(hidden);
  });

  describe('experts’ identities and individual scores, for the applicant and the cities', () => {
    const byExpert = (e: StoredEvent, userId: string): StoredEvent => ({ ...e, metadata: { ...e.metadata, actor: userId, role: 'expert' } });
    const holder = { role: 'expert', expertIds: ['e2'] };
    const review = () => [
      ev('ExpertPanelFormed', { expertIds: ['e1', 'e2', 'e3'], method: 'drawn', draw: { seed: 's', pool: ['e1', 'e2', 'e3', 'e4'], excluded: [] } }),
      byExpert(ev('ExpertRecused', { expertId: 'e3', reason: '同单位' }), 'u-e3'),
      ev('ExpertReplaced', { recusedExpertId: 'e3', expertId: 'e4', method: 'chosen' }),
      ev('StageReminderSent', { stage: 'expertReview', entry: 5, dueAt: 'x', offset: 'P1D', holder }),
      byExpert(ev('ScoresSubmitted', { expertId: 'e1', scores: { basis: 16 }, total: 80, comment: '很好' }), 'u-e1'),
      ev('StageOverdueMarked', { stage: 'expertReview', entry: 5, dueAt: 'x', holder, escalatedTo: 'province' }),
      ev('CaseUrged', { comment: '请尽快', by: { role: 'province' }, holder }),
    ];
    const party: Actor[] = [{ userId: 'u-th', role: 'applicant', cityCode: '440100', districtCode: '440106' }, { userId: 'u-gz', role: 'city', cityCode: '440100' }];

    it.each(party.map((a) => [a.role, a] as const))('%s: while the review runs, what happened but never who or which score', (_role, actor) => {
      const items = toHistory(review(), actor).items;
      expect(items.map((i) => i.data)).toEqual([
        { method: 'drawn', size: 3 },
        {},
        { method: 'chosen' },
        { stage: 'expertReview', entry: 5, dueAt: 'x', offset: 'P1D', holder: { role: 'expert' } },
        {},
        { stage: 'expertReview', entry: 5, dueAt: 'x', holder: { role: 'expert' }, escalatedTo: 'province' },
        { comment: '请尽快', by: { role: 'province' }, holder: { role: 'expert' } },
      ]);
      expect(items.every((i) => i.redacted)).toBe(true);
      expect(items.filter((i) => i.actor.role === 'expert').map((i) => i.actor.id)).toEqual(['', '']);
      expect(JSON.stringify(items)).not.toMatch(/e[1-4]"|u-e/);
    });

    it.each(party.map((a) => [a.role, a] as const))('%s: after the conclusion, the comments without names', (_role, actor) => {
      const items = toHistory([...review(), ev('ExpertReviewConcluded', { outcome: 'pass', score: 80, threshold: 70 })], actor).items;
      expect(items.find((i) => i.type === 'ScoresSubmitted')!.data).toEqual({ comment: '很好' });
      expect(items.find((i) => i.type === 'ExpertReviewConcluded')!.data).toEqual({ outcome: 'pass', score: 80, threshold: 70 });
      expect(JSON.stringify(items)).not.toMatch(/e[1-4]"|u-e/);
    });

    it('the province sees all; an expert sees its own account but not another expert’s', () => {
      const prov = toHistory(review(), { userId: 'p', role: 'province' }).items;
      expect(prov.some((i) => i.redacted)).toBe(false);
      const mine = toHistory(review(), e1).items;
      expect(mine.find((i) => i.type === 'ScoresSubmitted')!.actor).toEqual({ id: 'u-e1', role: 'expert' });
      expect(mine.find((i) => i.type === 'ExpertRecused')!.actor).toEqual({ id: '', role: 'expert' });
    });

    it('shows a defense panel without names', () => {
      const [item] = toHistory([ev('DefenseScheduled', { scheduledAt: 't', venue: 'v', panelExpertIds: ['e1'] })], party[0]!).items;
      expect(item!.data).toEqual({ scheduledAt: 't', venue: 'v', panelExpertIds: [] });
    });
  });

  it('names each actor whose id it shows, by display name; never an expert whose id is withheld', () => {
    const byExpert = (e: StoredEvent, userId: string): StoredEvent => ({ ...e, metadata: { ...e.metadata, actor: userId, role: 'expert' } });
    const names: Record<string, string> = { u: '省工信厅 张处长', 'u-e1': '王教授', 'u-e2': '李教授' };
    const events = [ev('ExpertPanelFormed', { expertIds: ['e1', 'e2'], method: 'chosen' }), byExpert(sheet('e1'), 'u-e1'), byExpert(sheet('e2'), 'u-e2'), { ...ev('StageOverdueMarked', {}), metadata: { ...ev('x', {}).metadata, actor: 'system' } }];
    const actors = (a: Actor) => toHistory(events, a, (id) => names[id]).items.map((i) => i.actor);
    expect(actors({ userId: 'p', role: 'province' })).toEqual([
      { id: 'u', role: 'province', name: '省工信厅 张处长' },
      { id: 'u-e1', role: 'expert', name: '王教授' },
      { id: 'u-e2', role: 'expert', name: '李教授' },
      { id: 'system', role: 'province' },
    ]);
    expect(actors(e1).slice(1, 3)).toEqual([{ id: 'u-e1', role: 'expert', name: '王教授' }, { id: '', role: 'expert' }]);
    const applicant: Actor = { userId: 'u-th', role: 'applicant', cityCode: '440100', districtCode: '440106' };
    expect(JSON.stringify(toHistory(events, applicant, (id) => names[id]))).not.toMatch(/王教授|李教授/);
    expect(actors(applicant)[0]).toEqual({ id: 'u', role: 'province', name: '省工信厅 张处长' });
  });

  it('carries position, revision, time, actor and hash', () => {
    const [item] = toHistory([ev('CaseCreated', { caseId: 'A' })], e1).items;
    expect(item).toEqual({ position: 1, revision: 0, type: 'CaseCreated', at: '2019-03-01T00:00:00.000Z', actor: { id: 'u', role: 'province' }, data: { caseId: 'A' }, hash: '1'.padStart(64, '0') });
  });
});

describe('eventsAsOf', () => {
  it('keeps the prefix up to the instant, inclusive', () => {
    position = 0;
    const events = [ev('a', {}, '2019-03-01T01:00:00Z'), ev('b', {}, '2019-03-01T02:00:00Z'), ev('c', {}, '2019-03-01T03:00:00Z')];
    expect(eventsAsOf(events, '2019-03-01T02:00:00Z').map((e) => e.type)).toEqual(['a', 'b']);
    expect(eventsAsOf(events, '2019-03-01T10:00:00+08:00').map((e) => e.type)).toEqual(['a', 'b']);
    expect(eventsAsOf(events, '2019-03-01T00:59:59Z')).toEqual([]);
    expect(eventsAsOf(events, '2019-03-02T00:00:00Z')).toHaveLength(3);
  });
});
