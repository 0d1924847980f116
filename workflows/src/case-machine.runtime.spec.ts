import fc from 'fast-check';
import {
  CaseEventRejectedError,
  applyCaseEvent,
  canApplyCaseEvent,
  caseMachineFor,
  foldCaseEvents,
  fromPersisted,
  initialCaseSnapshot,
  stageOf,
  substateOf,
  toPersisted,
  type CaseSnapshot,
} from './case-machine.runtime';
import { isStageEnabled } from './case.machine';
import { STAGES, type WorkflowDefinition } from './definition.types';
import { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';
import { ONE_OF_EACH, at, ev, pathTo, step, where } from './testing/case-events.fixture';

const variant = (key: string, defense: boolean, siteVisit: boolean): WorkflowDefinition => ({
  ...GD_BDPZ_2019,
  key,
  stages: { ...GD_BDPZ_2019.stages, defense: { enabled: defense }, siteVisit: { enabled: siteVisit } },
});
const NO_DEFENSE = variant('test-no-defense', false, true);
const NO_SITE_VISIT = variant('test-no-site-visit', true, false);
const NEITHER = variant('test-neither', false, false);

describe('runtime: stage and substate', () => {
  it('reads the top-level stage and the substate', () => {
    const s = step(at('expertReview'), [ev.panelFormed()]);
    expect(stageOf(s)).toBe('expertReview');
    expect(substateOf(s)).toBe('scoring');
    expect(stageOf(at('cityAudit'))).toBe('cityAudit');
    expect(substateOf(at('cityAudit'))).toBeUndefined();
  });

  it('names the stage and event when refusing', () => {
    expect(() => applyCaseEvent(GD_BDPZ_2019, at('expertReview'), ev.concluded('pass'))).toThrow(
      'event ExpertReviewConcluded is not accepted in stage expertReview.forming',
    );
  });
});

describe('runtime: persisted form', () => {
  it('round-trips through JSON and carries on from there', () => {
    const s = step(at('publicity'), [ev.publicityStarted('b7'), ev.objectionRaised('o1')]);
    const persisted = toPersisted(s);
    const json = JSON.parse(JSON.stringify(persisted)) as typeof persisted;
    expect(json).toEqual({ value: { publicity: 'open' }, context: expect.objectContaining({ batchId: 'b7', openObjections: ['o1'] }) });
    const restored = fromPersisted(GD_BDPZ_2019, json);
    expect(where(restored)).toBe('publicity.open');
    expect(canApplyCaseEvent(GD_BDPZ_2019, json, ev.publicityEnded('b7'))).toBe(false);
    const next = applyCaseEvent(GD_BDPZ_2019, json, ev.objectionResolved('o1', false));
    expect(where(applyCaseEvent(GD_BDPZ_2019, toPersisted(next), ev.publicityEnded('b7')))).toBe('approval.awaiting');
  });

  it('keeps terminal states terminal after restoring', () => {
    const done = toPersisted(foldCaseEvents(GD_BDPZ_2019, [...pathTo('cityAudit'), ev.rejected()]));
    expect(done.value).toBe('rejected');
    expect(canApplyCaseEvent(GD_BDPZ_2019, done, ev.withdrawn())).toBe(false);
  });
});

describe('runtime: machine cache', () => {
  it('reuses the machine of a key@version and rebuilds when the content differs', () => {
    expect(caseMachineFor(GD_BDPZ_2019)).toBe(caseMachineFor(structuredClone(GD_BDPZ_2019)));
    const changed = variant(GD_BDPZ_2019.key, false, true);
    const other = caseMachineFor(changed);
    expect(other).not.toBe(caseMachineFor(GD_BDPZ_2019));
    expect(Object.keys(other.root.states)).not.toContain('defense');
  });
});

describe('runtime: disabled defense / site visit', () => {
  it.each([
    [NO_DEFENSE, ['defense'], 'siteVisit.scheduling'],
    [NO_SITE_VISIT, ['siteVisit'], 'defense.scheduling'],
    [NEITHER, ['defense', 'siteVisit'], 'publicity.awaiting'],
  ] as const)('%# leaves out %j entirely and skips over it', (definition, missing, afterReview) => {
    const states = Object.keys(caseMachineFor(definition).root.states);
    for (const m of missing) {
      expect(isStageEnabled(definition, m)).toBe(false);
      expect(states).not.toContain(m);
    }
    expect(states).toHaveLength(STAGES.length - missing.length);
    const passed = foldCaseEvents(definition, [...pathTo('expertReview', definition), ev.panelFormed(), ev.scored('e1'), ev.concluded('pass')]);
    expect(where(passed)).toBe(afterReview);
    const open = step(at('publicity', definition), [ev.publicityStarted(), ev.objectionRaised('o1')], definition);
    for (const m of missing) {
      expect(canApplyCaseEvent(definition, open, ev.objectionResolved('o1', true, m))).toBe(false);
    }
    expect(where(step(open, [ev.objectionResolved('o1', true, 'expertReview')], definition))).toBe('expertReview.forming');
  });

  it('goes from defense straight to publicity when only the site visit is off', () => {
    const s = step(at('defense', NO_SITE_VISIT), [ev.defenseScheduled(), ev.defenseResult('pass')], NO_SITE_VISIT);
    expect(where(s)).toBe('publicity.awaiting');
  });

  it('runs the whole main line without either stage', () => {
    const s = foldCaseEvents(NEITHER, [...pathTo('progressEvaluation', NEITHER), ev.completed()]);
    expect(stageOf(s)).toBe('completed');
  });
});

describe('runtime: properties over any order of events', () => {
  const pool = [...ONE_OF_EACH, ...['e1', 'e2', 'e6'].flatMap((e) => [ev.scored(e), ev.recused(e)]), ev.replaced('e2', 'e6'),
    ev.concluded('fail'), ev.defenseResult('defer'), ev.siteVisitResult('fail'), ev.objectionResolved('o1', true, 'defense'),
    ev.evaluated('province', 'fail', '2021-06-30'), ev.resumed('defense'), ev.auditPassed(), ev.recommended()];
  const starts: CaseSnapshot[] = [initialCaseSnapshot(GD_BDPZ_2019), at('expertReview'), at('publicity'), at('progressEvaluation')];

  it('accepts exactly what can() allows, stays in known stages and survives persistence', () => {
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.array(fc.constantFrom(...pool), { maxLength: 25 }), (start, events) => {
        let s = start;
        for (const e of events) {
          const entry = s.context.entry;
          if (canApplyCaseEvent(GD_BDPZ_2019, s, e)) {
            s = applyCaseEvent(GD_BDPZ_2019, toPersisted(s), e);
            expect(STAGES).toContain(stageOf(s));
            expect(s.context.entry).toBeGreaterThanOrEqual(entry);
          } else {
            expect(() => applyCaseEvent(GD_BDPZ_2019, s, e)).toThrow(CaseEventRejectedError);
          }
        }
        expect(toPersisted(fromPersisted(GD_BDPZ_2019, toPersisted(s)))).toEqual(toPersisted(s));
      }),
      { numRuns: 150, seed: 2019 },
    );
  });
});
