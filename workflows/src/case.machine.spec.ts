import {
  CaseEventRejectedError,
  applyCaseEvent,
  canApplyCaseEvent,
  foldCaseEvents,
  initialCaseSnapshot,
  stageOf,
  type CaseSnapshot,
} from './case-machine.runtime';
import { CASE_MACHINE_EVENT_TYPES, type CaseMachineEvent } from './case-machine.types';
import type { WorkflowDefinition } from './definition.types';
import { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';
import { lifecycleOf } from './case.machine';
import { GZ, ONE_OF_EACH, PANEL, SZ, at, ev, pathTo, step, where } from './testing/case-events.fixture';

const def = GD_BDPZ_2019;
const can = (s: CaseSnapshot, e: CaseMachineEvent, d: WorkflowDefinition = def): boolean => canApplyCaseEvent(d, s, e);
const refuses = (s: CaseSnapshot, e: CaseMachineEvent, d: WorkflowDefinition = def): void => {
  expect(can(s, e, d)).toBe(false);
  expect(() => applyCaseEvent(d, s, e)).toThrow(CaseEventRejectedError);
};

describe('case machine: main line', () => {
  it('runs draft → … → completed, counting every stage entry', () => {
    const seen: [string, number][] = [];
    let s = initialCaseSnapshot(def);
    const events = [...pathTo('progressEvaluation'), ev.reportFiled(), ev.evaluated('city', 'good'), ev.evaluated('province', 'good'), ev.completed()];
    for (const e of events) {
      s = applyCaseEvent(def, s, e);
      if (seen.at(-1)?.[0] !== where(s)) seen.push([where(s), s.context.entry]);
    }
    expect(seen).toEqual([
      ['draft', 1],
      ['cityAudit', 2],
      ['recommendation', 3],
      ['expertReview.forming', 4],
      ['expertReview.scoring', 4],
      ['defense.scheduling', 5],
      ['defense.scheduled', 5],
      ['siteVisit.scheduling', 6],
      ['siteVisit.scheduled', 6],
      ['publicity.awaiting', 7],
      ['publicity.open', 7],
      ['approval.awaiting', 8],
      ['progressEvaluation.monitoring', 9],
      ['completed', 10],
    ]);
    expect(s.status).toBe('done');
  });

  it('starts in draft and accepts CaseCreated once, before anything else', () => {
    const s0 = initialCaseSnapshot(def);
    expect(where(s0)).toBe('draft');
    refuses(s0, ev.saved());
    refuses(s0, ev.submitted());
    refuses(s0, ev.withdrawn());
    refuses(s0, ev.overdue('draft', 1));
    refuses(s0, ev.reminded('draft', 1));
    refuses(s0, ev.urged());
    refuses(s0, ev.created([]));
    const s1 = applyCaseEvent(def, s0, ev.created([GZ, SZ]));
    expect(s1.context.cities).toEqual([GZ, SZ]);
    refuses(s1, ev.created([GZ]));
  });

  it('lets CaseSubmitted refresh the involved cities when it names them', () => {
    const s = foldCaseEvents(def, [ev.created([GZ]), ev.submitted([GZ, SZ])]);
    expect(s.context.cities).toEqual([GZ, SZ]);
    expect(foldCaseEvents(def, [ev.created([GZ]), ev.submitted([])]).context.cities).toEqual([GZ]);
  });
});

describe('case machine: city audit and recommendation', () => {
  it('returns for revision to draft and counts the re-entry; resubmission audits afresh', () => {
    const joint = [ev.created([GZ, SZ]), ev.submitted(), ev.auditPassed(GZ)];
    const returned = step(foldCaseEvents(def, joint), [ev.returned(SZ)]);
    expect(where(returned)).toBe('draft');
    expect(returned.context).toMatchObject({ entry: 3, auditPassed: [] });
    const again = step(returned, [ev.saved(), ev.submitted()]);
    expect(where(again)).toBe('cityAudit');
    expect(again.context.entry).toBe(4);
    expect(where(step(again, [ev.auditPassed(GZ)]))).toBe('cityAudit');
    refuses(again, ev.returned('440400'));
  });

  it('needs every involved city to pass and to recommend a joint case', () => {
    const s = foldCaseEvents(def, [ev.created([GZ, SZ]), ev.submitted(), ev.auditPassed(SZ)]);
    expect(where(s)).toBe('cityAudit');
    refuses(s, ev.auditPassed(SZ));
    refuses(s, ev.auditPassed('440400'));
    const r = step(s, [ev.auditPassed(GZ)]);
    expect(where(r)).toBe('recommendation');
    refuses(r, ev.recommended('440400'));
    const r1 = step(r, [ev.recommended(GZ)]);
    expect(where(r1)).toBe('recommendation');
    refuses(r1, ev.recommended(GZ));
    expect(where(step(r1, [ev.recommended(SZ)]))).toBe('expertReview.forming');
  });

  it('rejects in city audit only', () => {
    expect(where(step(at('cityAudit'), [ev.rejected()]))).toBe('rejected');
    refuses(at('draft'), ev.rejected());
    refuses(at('recommendation'), ev.rejected());
  });
});

describe('case machine: withdrawal', () => {
  const withdrawable: [string, CaseMachineEvent[]][] = [
    ['draft', pathTo('draft')],
    ['cityAudit', pathTo('cityAudit')],
    ['recommendation', pathTo('recommendation')],
    ['expertReview.forming', pathTo('expertReview')],
    ['expertReview.scoring', [...pathTo('expertReview'), ev.panelFormed()]],
    ['defense.scheduled', [...pathTo('defense'), ev.defenseScheduled()]],
    ['siteVisit.scheduling', pathTo('siteVisit')],
    ['publicity.open', [...pathTo('publicity'), ev.publicityStarted()]],
    ['approval.awaiting', pathTo('approval')],
    ['cultivation', [...pathTo('expertReview'), ev.concluded('defer')]],
  ];

  it.each(withdrawable)('is accepted in %s', (state, events) => {
    const s = foldCaseEvents(def, events);
    expect(where(s)).toBe(state);
    expect(where(step(s, [ev.withdrawn()]))).toBe('withdrawn');
  });

  it('is refused after approval', () => {
    refuses(at('progressEvaluation'), ev.withdrawn());
  });
});

describe('case machine: expert review', () => {
  const scoring = (): CaseSnapshot => step(at('expertReview'), [ev.panelFormed()]);

  it('forms a panel of distinct experts', () => {
    refuses(at('expertReview'), ev.panelFormed([]));
    refuses(at('expertReview'), ev.panelFormed(['e1', 'e1']));
    expect(scoring().context.panel).toEqual(PANEL);
  });

  it('handles recusal and replacement', () => {
    const s = step(scoring(), [ev.scored('e1')]);
    refuses(s, ev.recused('e1'));
    refuses(s, ev.recused('e9'));
    const r = step(s, [ev.recused('e2')]);
    expect(r.context.recused).toEqual(['e2']);
    refuses(r, ev.recused('e2'));
    refuses(r, ev.scored('e2'));
    refuses(r, ev.replaced('e3', 'e6'));
    refuses(r, ev.replaced('e2', 'e1'));
    const p = step(r, [ev.replaced('e2', 'e6')]);
    expect(p.context.panel).toEqual(['e1', 'e6', 'e3', 'e4', 'e5']);
    refuses(p, ev.replaced('e2', 'e7'));
    refuses(p, ev.scored('e2'));
    refuses(p, ev.scored('e1'));
    refuses(p, ev.scored('e9'));
    expect(step(p, [ev.scored('e6')]).context.scored).toEqual(['e1', 'e6']);
  });

  it('concludes pass or fail only from scoring with scores, defer from either substate', () => {
    refuses(at('expertReview'), ev.concluded('pass'));
    refuses(at('expertReview'), ev.concluded('fail'));
    refuses(scoring(), ev.concluded('pass'));
    expect(where(step(at('expertReview'), [ev.concluded('defer')]))).toBe('cultivation');
    expect(where(step(scoring(), [ev.concluded('defer')]))).toBe('cultivation');
    expect(where(step(scoring(), [ev.scored('e1'), ev.concluded('fail')]))).toBe('notSelected');
    expect(where(step(scoring(), [ev.scored('e1'), ev.concluded('pass')]))).toBe('defense.scheduling');
  });
});

describe('case machine: defense and site visit', () => {
  it.each([
    ['defense', ev.defenseScheduled, ev.defenseResult, 'siteVisit.scheduling'],
    ['siteVisit', ev.siteVisitScheduled, ev.siteVisitResult, 'publicity.awaiting'],
  ] as const)('%s: schedule, then pass / fail; defer from either substate', (stage, scheduled, result, next) => {
    const s = at(stage);
    expect(where(s)).toBe(`${stage}.scheduling`);
    refuses(s, result('pass'));
    refuses(s, result('fail'));
    expect(where(step(s, [result('defer')]))).toBe('cultivation');
    const sch = step(s, [scheduled(), scheduled()]);
    expect(where(sch)).toBe(`${stage}.scheduled`);
    expect(where(step(sch, [result('pass')]))).toBe(next);
    expect(where(step(sch, [result('fail')]))).toBe('notSelected');
    expect(step(sch, [result('defer')]).context.deferredFrom).toBe(stage);
  });
});

describe('case machine: cultivation', () => {
  it.each([
    ['expertReview', [...pathTo('expertReview'), ev.panelFormed(), ev.scored('e1'), ev.concluded('defer')], 'expertReview.forming'],
    ['defense', [...pathTo('defense'), ev.defenseScheduled(), ev.defenseResult('defer')], 'defense.scheduling'],
    ['siteVisit', [...pathTo('siteVisit'), ev.siteVisitResult('defer')], 'siteVisit.scheduling'],
  ] as const)('resumes a case deferred from %s to that stage, afresh', (stage, events, resumedAt) => {
    const parked = foldCaseEvents(def, events);
    expect(where(parked)).toBe('cultivation');
    for (const other of ['expertReview', 'defense', 'siteVisit'] as const) {
      if (other !== stage) refuses(parked, ev.resumed(other));
    }
    const resumed = step(parked, [ev.resumed(stage)]);
    expect(where(resumed)).toBe(resumedAt);
    expect(resumed.context.entry).toBe(parked.context.entry + 1);
    if (stage === 'expertReview') expect(resumed.context).toMatchObject({ panel: [], scored: [], recused: [] });
    expect(resumed.context.deferredFrom).toBeUndefined();
  });
});

describe('case machine: publicity', () => {
  const open = (): CaseSnapshot => step(at('publicity'), [ev.publicityStarted('b1'), ev.objectionRaised('o1')]);

  it('takes objections only while open, and each id once', () => {
    refuses(at('publicity'), ev.objectionRaised('o1'));
    refuses(open(), ev.objectionRaised('o1'));
    refuses(open(), ev.objectionResolved('o9', false));
    refuses(open(), ev.objectionResolved('o1', true));
  });

  it('cannot end while an objection is open, nor for another batch', () => {
    refuses(open(), ev.publicityEnded('b1'));
    const dismissed = step(open(), [ev.objectionResolved('o1', false)]);
    expect(where(dismissed)).toBe('publicity.open');
    refuses(dismissed, ev.publicityEnded('b2'));
    expect(where(step(dismissed, [ev.publicityEnded('b1')]))).toBe('approval.awaiting');
  });

  it.each([
    ['expertReview', 'expertReview.forming'],
    ['defense', 'defense.scheduling'],
    ['siteVisit', 'siteVisit.scheduling'],
    ['rejected', 'rejected'],
  ] as const)('sends the case back to %s when an objection is upheld', (returnTo, expected) => {
    const s = step(open(), [ev.objectionRaised('o2'), ev.objectionResolved('o1', true, returnTo)]);
    expect(where(s)).toBe(expected);
  });

  it('starts a fresh publicity (new batch, no objections) after a return', () => {
    const back = step(open(), [ev.objectionResolved('o1', true, 'siteVisit')]);
    const again = step(back, [ev.siteVisitScheduled(), ev.siteVisitResult('pass')]);
    expect(again.context).toMatchObject({ openObjections: [] });
    expect(again.context.batchId).toBeUndefined();
    refuses(step(again, [ev.publicityStarted('b2')]), ev.publicityEnded('b1'));
  });
});

describe('case machine: progress evaluation', () => {
  it('enters rectification on a provincial fail with a due date and leaves it on a provincial non-fail', () => {
    const s = step(at('progressEvaluation'), [ev.reportFiled(), ev.evaluated('city', 'fail', '2021-01-31'), ev.evaluated('province', 'fail')]);
    expect(where(s)).toBe('progressEvaluation.monitoring');
    const r = step(s, [ev.evaluated('province', 'fail', '2021-06-30')]);
    expect(where(r)).toBe('progressEvaluation.rectification');
    expect(r.context.rectificationOpen).toBe(true);
    refuses(r, ev.completed());
    const r2 = step(r, [ev.reportFiled(), ev.evaluated('city', 'good')]);
    expect(where(r2)).toBe('progressEvaluation.rectification');
    const m = step(r2, [ev.evaluated('province', 'pass')]);
    expect(where(m)).toBe('progressEvaluation.monitoring');
    expect(m.context.rectificationOpen).toBe(false);
    expect(where(step(m, [ev.completed()]))).toBe('completed');
  });

  it('revokes from monitoring and from rectification', () => {
    expect(where(step(at('progressEvaluation'), [ev.revoked()]))).toBe('revoked');
    const r = step(at('progressEvaluation'), [ev.evaluated('province', 'fail', '2021-06-30'), ev.revoked()]);
    expect(where(r)).toBe('revoked');
  });
});

describe('case machine: terminal stages', () => {
  it.each([
    ['withdrawn', [...pathTo('draft'), ev.withdrawn()]],
    ['rejected', [...pathTo('cityAudit'), ev.rejected()]],
    ['notSelected', [...pathTo('expertReview'), ev.panelFormed(), ev.scored('e1'), ev.concluded('fail')]],
    ['revoked', [...pathTo('progressEvaluation'), ev.revoked()]],
    ['completed', [...pathTo('progressEvaluation'), ev.completed()]],
  ] as const)('%s is final and accepts nothing', (stage, events) => {
    const s = foldCaseEvents(def, events);
    expect(stageOf(s)).toBe(stage);
    expect(s.status).toBe('done');
    const types = new Set<string>();
    for (const e of [...ONE_OF_EACH, ev.overdue(stage, s.context.entry), ev.reminded(stage, s.context.entry), ev.dueMoved(stage, s.context.entry)]) {
      types.add(e.type);
      refuses(s, e);
    }
    expect(types.size).toBe(CASE_MACHINE_EVENT_TYPES.length);
  });
});

describe('case machine: overdue marks', () => {
  it('accepts one mark for the current entry of the current stage and ignores stale ones', () => {
    const first = at('cityAudit');
    const entry = first.context.entry;
    refuses(first, ev.overdue('draft', entry));
    refuses(first, ev.overdue('cityAudit', entry - 1));
    const marked = step(first, [ev.overdue('cityAudit', entry)]);
    expect(where(marked)).toBe('cityAudit');
    expect(marked.context.overdueEntry).toBe(entry);
    refuses(marked, ev.overdue('cityAudit', entry));
    const again = step(marked, [ev.returned(), ev.submitted()]);
    refuses(again, ev.overdue('cityAudit', entry));
    expect(step(again, [ev.overdue('cityAudit', entry + 2)]).context.overdueEntry).toBe(entry + 2);
  });

  it('works inside substates and in every non-terminal stage', () => {
    const scoring = step(at('expertReview'), [ev.panelFormed()]);
    expect(where(step(scoring, [ev.overdue('expertReview', scoring.context.entry)]))).toBe('expertReview.scoring');
    const parked = step(at('defense'), [ev.defenseResult('defer')]);
    expect(can(parked, ev.overdue('cultivation', parked.context.entry))).toBe(true);
    const p = at('progressEvaluation');
    expect(can(p, ev.overdue('progressEvaluation', p.context.entry))).toBe(true);
  });
});

describe('case machine: reminders and urges', () => {
  /** One state of every non-final stage (and the substates where they differ). */
  const live = (): [string, CaseSnapshot][] => [
    ['draft', step(initialCaseSnapshot(def), [ev.created()])],
    ['cityAudit', at('cityAudit')],
    ['recommendation', at('recommendation')],
    ['expertReview.forming', at('expertReview')],
    ['expertReview.scoring', step(at('expertReview'), [ev.panelFormed()])],
    ['defense.scheduling', at('defense')],
    ['siteVisit.scheduled', step(at('siteVisit'), [ev.siteVisitScheduled()])],
    ['publicity.awaiting', at('publicity')],
    ['publicity.open', step(at('publicity'), [ev.publicityStarted()])],
    ['approval.awaiting', at('approval')],
    ['progressEvaluation.monitoring', at('progressEvaluation')],
    ['progressEvaluation.rectification', step(at('progressEvaluation'), [ev.evaluated('province', 'fail', '2021-06-30')])],
    ['cultivation', step(at('defense'), [ev.defenseResult('defer')])],
  ];

  it.each(live())('in %s accepts an urge, a reminder and a moved due time for the current entry without moving', (name, s) => {
    const stage = stageOf(s);
    for (const e of [ev.urged(), ev.reminded(stage, s.context.entry), ev.reminded(stage, s.context.entry), ev.dueMoved(stage, s.context.entry)]) {
      const next = applyCaseEvent(def, s, e);
      expect(where(next)).toBe(name);
      expect(next.context).toEqual(s.context);
    }
  });

  it('refuses a reminder for another stage or an earlier entry, but not one after the overdue mark', () => {
    const s = at('cityAudit');
    const entry = s.context.entry;
    refuses(s, ev.reminded('draft', entry));
    refuses(s, ev.reminded('cityAudit', entry - 1));
    refuses(s, ev.reminded('cityAudit', entry + 1));
    const marked = step(s, [ev.overdue('cityAudit', entry)]);
    expect(can(marked, ev.reminded('cityAudit', entry))).toBe(true);
    const again = step(marked, [ev.returned(), ev.submitted()]);
    refuses(again, ev.reminded('cityAudit', entry));
    expect(can(again, ev.reminded('cityAudit', again.context.entry))).toBe(true);
  });

  it('refuses a moved due time for another stage or an earlier entry', () => {
    const s = at('cityAudit');
    const entry = s.context.entry;
    refuses(s, ev.dueMoved('draft', entry));
    refuses(s, ev.dueMoved('cityAudit', entry - 1));
    expect(can(s, ev.dueMoved('cityAudit', entry))).toBe(true);
  });
});

describe('case machine: report cadence marks', () => {
  it('accepts ProgressReportDue / ProgressReportMissed in monitoring and rectification without moving, nowhere else', () => {
    const monitoring = at('progressEvaluation');
    for (const e of [ev.reportDue(), ev.reportMissed()]) {
      const next = step(monitoring, [e]);
      expect(where(next)).toBe(where(monitoring));
      expect(next.context).toEqual(monitoring.context);
    }
    const rectification = step(monitoring, [ev.reportFiled(), ev.evaluated('city', 'fail'), ev.evaluated('province', 'fail', '2020-06-30')]);
    expect(where(rectification)).toBe('progressEvaluation.rectification');
    expect(where(step(rectification, [ev.reportMissed()]))).toBe('progressEvaluation.rectification');
    expect(canApplyCaseEvent(def, at('approval'), ev.reportDue())).toBe(false);
    expect(canApplyCaseEvent(def, at('draft'), ev.reportMissed())).toBe(false);
  });
});

describe('lifecycleOf', () => {
  it('lists the main line in order, defense and site visit only where the definition runs them', () => {
    expect(lifecycleOf(GD_BDPZ_2019)).toEqual(['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'completed']);
    const short: WorkflowDefinition = { ...GD_BDPZ_2019, stages: { ...GD_BDPZ_2019.stages, defense: { enabled: false }, siteVisit: { enabled: false } } };
    expect(lifecycleOf(short)).toEqual(['draft', 'cityAudit', 'recommendation', 'expertReview', 'publicity', 'approval', 'progressEvaluation', 'completed']);
  });
});
