import { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';
import { applyCaseEvent, initialCaseSnapshot, replayCaseEvent, stageOf, toPersisted, type CaseSnapshot } from './case-machine.runtime';
import type { CaseMachineEvent } from './case-machine.types';

const def = GD_BDPZ_2019;
const ev = (type: string, data: unknown = {}): CaseMachineEvent => ({ type, data }) as CaseMachineEvent;

const mainLine: CaseMachineEvent[] = [
  ev('CaseCreated', { cities: ['440100'] }),
  ev('ApplicationSaved'),
  ev('ApplicationSaved'),
  ev('CaseSubmitted', { cities: ['440100'] }),
  ev('CaseReturnedForRevision', { cityCode: '440100', comment: 'fix' }),
  ev('ApplicationSaved'),
  ev('CaseSubmitted', { cities: ['440100'] }),
  ev('CityAuditPassed', { cityCode: '440100' }),
  ev('RecommendationIssued', { cityCode: '440100' }),
  ev('ExpertPanelFormed', { expertIds: ['e1', 'e2', 'e3'] }),
  ev('ScoresSubmitted', { expertId: 'e1' }),
];

describe('replayCaseEvent (the evolve fast path)', () => {
  it('reaches exactly the state that checked application reaches, event by event', () => {
    let checked: CaseSnapshot = initialCaseSnapshot(def);
    let replayed: CaseSnapshot = initialCaseSnapshot(def);
    for (const e of mainLine) {
      checked = applyCaseEvent(def, checked, e);
      replayed = replayCaseEvent(def, replayed, e);
      expect(toPersisted(replayed)).toEqual(toPersisted(checked));
    }
    expect(stageOf(replayed)).toBe('expertReview');
  });

  it('returns the same snapshot for a no-op event and a new one for an event the machine tracks', () => {
    const created = replayCaseEvent(def, initialCaseSnapshot(def), mainLine[0]!);
    expect(replayCaseEvent(def, created, ev('ApplicationSaved'))).toBe(created);
    expect(replayCaseEvent(def, created, ev('CaseUrged', { comment: 'c' }))).toBe(created);
    expect(replayCaseEvent(def, created, ev('StageReminderSent', { stage: 'draft', entry: 1 }))).toBe(created);
    const submitted = replayCaseEvent(def, created, ev('CaseSubmitted', { cities: ['440100'] }));
    expect(submitted).not.toBe(created);
    expect(stageOf(submitted)).toBe('cityAudit');
  });
});
