/**
 * Urging (催办) over HTTP and the notices of a stage's deadlines, on the embedded profile: `POST /cases/:id/urge`
 * by the province and by a city of the case, refused to other cities (404) and to applicants (403); a reminder
 * fired by the local timer at its offset before the due time (the app's CLOCK is a TestClock the test moves), sent
 * once however often it fires; and the overdue mark escalating a city-held stage to the province. Each shows up in
 * the case history and as inbox rows for the right recipients.
 */
import type { Deadline } from '@shenbao/scheduling';
import { DeadlinesService, FiredDeadlineHandler } from '@shenbao/commands';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const party = (districtCode: string, name: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName: `广州市${name}区人民政府` });

interface HistoryItem {
  position: number;
  type: string;
  actor: { id: string; role: string };
  data: Record<string, unknown>;
}
interface InboxRow {
  caseId: string;
  kind: string;
  title: { zh: string; en: string };
}

describe('urge and reminders (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;

  const history = async (c: CaseRef, type: string): Promise<HistoryItem[]> =>
    ((await h.call('prov', 'get', `/cases/${c.id}/history`).expect(200)).body.items as HistoryItem[]).filter((i) => i.type === type);
  /** The caller's open inbox rows of one case as `kind`, once the read models have reached `position`. */
  const inbox = async (user: string, c: CaseRef, position: number): Promise<InboxRow[]> =>
    ((await h.call(user, 'get', `/inbox?minPosition=${position}`).expect(200)).body.items as InboxRow[]).filter((i) => i.caseId === c.id);
  const kinds = (rows: InboxRow[]): string[] => rows.map((r) => r.kind);
  const deadlines = (): DeadlinesService => t.app.get(DeadlinesService);
  async function pendingDeadline(c: CaseRef, kind: string, position: number): Promise<Deadline> {
    expect(await deadlines().caughtUp(position)).toBe(true);
    const found = (await deadlines().pending()).find((d) => d.caseId === c.id && d.kind === kind);
    if (!found) throw new Error(`no pending ${kind} deadline for ${c.id}`);
    return found;
  }

  beforeAll(async () => {
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: { ...OFFICERS, 'app-th': applicantIn(party('440106', '天河')), 'app-hz': applicantIn(party('440105', '海珠')) },
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /cases/:id/urge', () => {
    let c: CaseRef;

    beforeAll(async () => {
      c = await h.submitted('app-th', 'city-gz', party('440106', '天河'), programId);
      await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'return', comment: '请补充重点项目表。' }), 'draft');
    });

    it('lets the province urge the holder: an event in the history and an inbox row for the applicant', async () => {
      const detail = await h.call('prov', 'get', `/cases/${c.id}`).expect(200);
      expect(detail.body.allowedActions).toContain('urge');
      const res = await h.expectStage(h.act('prov', c.id, 'urge', { comment: '请于三日内修改后重新提交。' }), 'draft');
      expect(res.body).toEqual({ caseId: c.id, revision: detail.body.revision + 1, position: expect.any(Number), stage: 'draft' });

      const [urged] = await history(c, 'CaseUrged');
      expect(urged).toMatchObject({
        position: res.body.position,
        actor: { role: 'province' },
        data: { comment: '请于三日内修改后重新提交。', by: { role: 'province' }, holder: { role: 'applicant' } },
      });
      const rows = await inbox('app-th', c, res.body.position);
      expect(kinds(rows)).toEqual(['urge', 'returned-for-revision']);
      expect(rows[0]!.title).toEqual({ zh: '催办（起草）：广州市天河区人民政府', en: 'Urged (draft): 广州市天河区人民政府' });
      expect(kinds(await inbox('prov', c, res.body.position))).toEqual([]);
    });

    it('lets a city of the case urge its applicant', async () => {
      const res = await h.expectStage(h.act('city-gz', c.id, 'urge', { comment: '请尽快修改。' }), 'draft');
      const urges = await history(c, 'CaseUrged');
      expect(urges.map((u) => u.data.by)).toEqual([{ role: 'province' }, { role: 'city', cityCode: '440100' }]);
      expect(kinds(await inbox('app-th', c, res.body.position))).toEqual(['urge', 'urge', 'returned-for-revision']);
    });

    it('is 404 for another city, 403 for an applicant, 400 without a comment', async () => {
      const other = await h.act('city-sz', c.id, 'urge', { comment: '请尽快。' }).expect(404);
      expect(other.body.error).toBe('NOT_FOUND');
      const applicant = await h.act('app-th', c.id, 'urge', { comment: '请尽快。' }).expect(403);
      expect(applicant.body.error).toBe('FORBIDDEN');
      const blank = await h.act('prov', c.id, 'urge', { comment: ' ' }).expect(400);
      expect(blank.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'comment', messages: expect.any(Array) }] });
      await h.act('prov', c.id, 'urge', {}).expect(400);
      expect(await history(c, 'CaseUrged')).toHaveLength(2);
    });
  });

  describe('deadline notices', () => {
    let c: CaseRef;
    let submittedAt: number;

    beforeAll(async () => {
      c = await h.createCase('app-hz', 'city-gz', party('440105', '海珠'), programId);
      await h.saveApplication(c);
      await h.attachScan('app-hz', c.id, 'sealedApplication');
      submittedAt = (await h.expectStage(h.act('app-hz', c.id, 'submit'), 'cityAudit')).body.position as number;
    });

    it('sends a reminder at its offset before the due time, once, to the city holding the case', async () => {
      const reminder = await pendingDeadline(c, 'reminder-0', submittedAt);
      if (reminder.action.type !== 'SendReminder') throw new Error(`reminder-0 fires ${reminder.action.type}`);
      expect(reminder.action.data).toMatchObject({ stage: 'cityAudit', offset: 'P3D' });

      clock.set(new Date(Date.parse(reminder.dueAt) - 1000));
      await deadlines().runDueNow();
      expect(await history(c, 'StageReminderSent')).toEqual([]);

      clock.set(new Date(Date.parse(reminder.dueAt) + 1000));
      await deadlines().runDueNow();
      // Delivered again (at least once): the decider sees the same reminder was sent and appends nothing.
      await t.app.get(FiredDeadlineHandler).handle(reminder);
      const sent = await history(c, 'StageReminderSent');
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        actor: { id: 'system', role: 'province' },
        data: { stage: 'cityAudit', entry: reminder.entry, dueAt: reminder.action.data.dueAt, offset: 'P3D', holder: { role: 'city', cityCodes: ['440100'] } },
      });
      expect((await deadlines().timer(reminder.id))?.status).toBe('done');
      const rows = await inbox('city-gz', c, sent[0]!.position);
      expect(kinds(rows)).toEqual(['reminder', 'audit-pending']);
      expect(rows[0]!.title.zh).toBe('即将到期（市级审核）：广州市海珠区人民政府');
      expect(kinds(await inbox('app-hz', c, sent[0]!.position))).toEqual([]);
    });

    it('marks the stage overdue: an overdue row for the city and an escalation row for the province', async () => {
      const due = await pendingDeadline(c, 'due', submittedAt);
      clock.set(new Date(Date.parse(due.dueAt) + 1000));
      await deadlines().runDueNow();
      const [mark] = await history(c, 'StageOverdueMarked');
      expect(mark).toMatchObject({ data: { stage: 'cityAudit', holder: { role: 'city', cityCodes: ['440100'] }, escalatedTo: 'province' } });
      // The P1D reminder fell due too; it was sent before the mark.
      expect((await history(c, 'StageReminderSent')).map((r) => r.data.offset)).toEqual(['P3D', 'P1D']);

      const city = await inbox('city-gz', c, mark!.position);
      expect(kinds(city)).toEqual(['overdue', 'reminder', 'reminder', 'audit-pending']);
      const prov = await inbox('prov', c, mark!.position);
      expect(kinds(prov)).toEqual(['escalation']);
      expect(prov[0]!.title).toEqual({ zh: '超期督办（市级审核）：广州市海珠区人民政府', en: 'Overdue, escalated (cityAudit): 广州市海珠区人民政府' });

      // Passing the audit ends the stage entry: its notices close with it.
      const passed = await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意推荐' }), 'recommendation');
      expect(kinds(await inbox('city-gz', c, passed.body.position))).toEqual(['recommendation-pending']);
      expect(kinds(await inbox('prov', c, passed.body.position))).toEqual([]);
    });
  });
});
