/**
 * Notices computed once (issue #12): for random lifecycles — the domain property world's command sequences, with the
 * deadline and report-cadence timers and urges firing at random points, and some marks and reminders stripped of
 * their `holder` as older logs have them — every event gives the same notices (kind and recipient) in the inbox's
 * notice rows (the real InboxProjection on SQLite) as in the e-mail notices (noticesFor on the case before it), the
 * inbox and the domain name the same holder after every event, and a notice naming a holder names the domain's.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  DomainError,
  INBOX_WORK_NOTICES,
  currentHolder,
  decideCase,
  evolveCase,
  holderKeys,
  noticeScopeOf,
  type CaseCommand,
  type CaseEvent,
  type CaseFold,
  type CaseState,
} from '@shenbao/domain';
import type { StoredEvent } from '@shenbao/event-store';
import { noticeContextOf, noticesFor } from '@shenbao/notifications';
import { INBOX_TABLE, InboxProjection } from '@shenbao/projections';
import { stageOf, substateOf, type PersistedCaseState } from '@shenbao/workflows';
import { DEF, POOL, run, stepArb, type World } from '../libs/domain/src/domain.properties.spec-helpers';
import { inboxNoticeScope } from '../libs/projections/src/inbox/inbox.notices';
import type { PendingReport } from '../libs/projections/src/inbox/inbox.work';

const PROVINCE = { userId: 'prov', role: 'province' as const };
const HOLDER_EVENTS = new Set(['StageReminderSent', 'StageOverdueMarked', 'StageDueMoved', 'CaseUrged']);

/** A timer or an urge, for the case as it stands (`i` varies offsets, periods and instants). */
function timer(pick: number, s: CaseState, i: number): CaseCommand | undefined {
  const { entry } = s.machine.context;
  const at = new Date(Date.parse('2019-04-01T00:00:00Z') + i * 86_400_000).toISOString();
  switch (pick) {
    case 0: return { type: 'SendReminder', data: { stage: s.stage, entry, dueAt: at, offset: `P${1 + (i % 3)}D` } };
    case 1: return { type: 'MarkOverdue', data: { stage: s.stage, entry, dueAt: at } };
    case 2: return { type: 'NoteDueMoved', data: { stage: s.stage, entry, from: at, to: new Date(Date.parse(at) + 86_400_000).toISOString(), year: 2019, notice: 'n' } };
    case 3: return { type: 'UrgeCase', data: { comment: 'c' } } as CaseCommand;
    case 4: return { type: 'MarkReportDue', data: { period: `P${1 + (i % 3)}`, dueAt: at } };
    case 5: return { type: 'MarkReportMissed', data: { period: `P${1 + (i % 3)}`, dueAt: at } };
    default: return undefined;
  }
}

/** An older log's event: no holder (and no escalation target) on marks and reminders. */
function legacy(e: CaseEvent): CaseEvent {
  if (e.type !== 'StageOverdueMarked' && e.type !== 'StageReminderSent') return e;
  const { holder: _h, escalatedTo: _e, ...data } = e.data as typeof e.data & { escalatedTo?: string };
  return { ...e, data } as CaseEvent;
}

/** The case's log from the world, with the timers' events put in where `picks` says. */
function withTimers(w: World, log: CaseEvent[], picks: number[]): CaseEvent[] {
  const out: CaseEvent[] = [];
  let state: CaseFold = null;
  const commit = (e: CaseEvent) => {
    out.push(e);
    state = evolveCase(DEF, state, e);
  };
  log.forEach((e, i) => {
    commit(e);
    const pick = picks[i % picks.length];
    const cmd = state && timer(pick % 8, state, i);
    if (!cmd) return;
    try {
      const ctx = { actor: PROVINCE, now: new Date(w.now), definition: DEF, program: w.program, experts: POOL };
      decideCase(cmd, state, ctx).caseEvents.forEach((t) => commit(pick >= 16 ? legacy(t) : t));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  });
  return out;
}

type Pair = string;
const pairs = (rows: { kind: string; recipient: string }[]): Pair[] => rows.map((r) => `${r.kind} ${r.recipient}`).sort();

function inboxScopeAfter(db: Database.Database, caseId: string) {
  const { state } = db.prepare(`SELECT state FROM inbox_case_states WHERE case_id = ?`).get(caseId) as { state: string };
  const row = db.prepare(`SELECT parties, reports FROM inbox_cases WHERE case_id = ?`).get(caseId) as { parties: string; reports: string };
  const after = JSON.parse(state) as PersistedCaseState;
  const info = { unitName: '', applicantKey: '', returned: false, parties: JSON.parse(row.parties) as string[], reports: JSON.parse(row.reports) as PendingReport[] };
  return inboxNoticeScope({ stage: stageOf(after), substate: substateOf(after), after }, info);
}

/**
 * Fixed, so that the check that every notice kind came up sees the same lifecycles on every run (unseeded, one run in
 * a few missed a kind: a clean-clone CI run failed so). NOTICES_SEED=n replays or explores other lifecycles.
 */
const SEED = Number(process.env.NOTICES_SEED ?? 20261206);

describe('notices computed once: inbox, e-mail and holder agree', () => {
  it(`for every event of random lifecycles (seed ${SEED})`, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 120, maxLength: 200 }), fc.array(fc.nat(23), { minLength: 7, maxLength: 13 }), (steps, picks) => {
        const w = run(steps, 1);
        const db = new Database(':memory:');
        const inbox = new InboxProjection((key, version) => (key === DEF.key && version === DEF.version ? DEF : undefined));
        inbox.setup(db);
        let position = 0;
        try {
          for (const [caseId, log] of Object.entries(w.caseLog)) {
            let before: CaseFold = null;
            withTimers(w, log, picks).forEach((e, revision) => {
              position += 1;
              const at = new Date(Date.parse('2019-03-01T00:00:00Z') + position * 60_000).toISOString();
              const stored = { id: `${caseId}-${revision}`, stream: `case-${caseId}`, revision, position, type: e.type, data: e.data, metadata: { at } } as unknown as StoredEvent;
              inbox.apply(db, stored);
              const after = evolveCase(DEF, before, e)!;
              if (before) {
                const mail = noticesFor(stored, noticeContextOf(before)).map((n) => ({ kind: n.kind, recipient: n.recipientKey }));
                const rows = db.prepare(`SELECT kind, recipient FROM ${INBOX_TABLE} WHERE created_position = ? AND work_key IS NULL`).all(position) as { kind: string; recipient: string }[];
                // Returns and rectifications are work rows in the inbox (INBOX_WORK_NOTICES), notices elsewhere.
                expect(pairs(rows)).toEqual(pairs(mail.filter((n) => INBOX_WORK_NOTICES[n.kind] === undefined)));
                if (mail.some((n) => n.kind === 'returned-for-revision')) {
                  const work = db.prepare(`SELECT recipient FROM ${INBOX_TABLE} WHERE created_position = ? AND kind = 'returned-for-revision'`).all(position);
                  expect(work).toEqual([{ recipient: noticeScopeOf(before).parties[0] }]);
                }
                const named = (e.data as { holder?: unknown }).holder;
                if (HOLDER_EVENTS.has(e.type)) {
                  expect(named ?? currentHolder(before)).toEqual(currentHolder(before));
                  // The notice about the stage goes to exactly the holder's keys (and the province, for an old mark).
                  const held = holderKeys(currentHolder(before), noticeScopeOf(before))!;
                  const told = mail.filter((n) => n.kind !== 'escalation').map((n) => n.recipient);
                  expect(told).toEqual(named || e.type !== 'StageOverdueMarked' ? held : [...new Set([...held, 'province'])]);
                  seen.add(named ? e.type : `${e.type} without holder`);
                }
                mail.forEach((n) => seen.add(n.kind));
              }
              const scope = inboxScopeAfter(db, caseId);
              expect(scope.holder).toEqual(currentHolder(after));
              expect(scope.parties).toEqual(noticeScopeOf(after).parties);
              before = after;
            });
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 40, endOnFailure: true, seed: SEED },
    );
    // Not vacuous: every notice kind, and marks and reminders with and without a holder, came up.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'assignment', 'returned-for-revision', 'reminder', 'overdue', 'escalation', 'urge', 'due-moved', 'publicity-started',
        'publicity-ended', 'approval', 'rectification', 'report-due', 'report-overdue',
        'StageOverdueMarked', 'StageOverdueMarked without holder', 'StageReminderSent', 'StageReminderSent without holder',
      ]),
    );
  });
});
