import fc from 'fast-check';
import { programCases } from './program.queries';
import { GD_BDPZ_2019_PROGRAM } from './program.seed';
import { evolveProgram, foldProgram, foldProgramFrom, initialProgramState } from './program.state';
import type { ProgramEvent } from './program.events';
import type { ProgramFold } from './program.state';

const created: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p1', ...GD_BDPZ_2019_PROGRAM } } as ProgramEvent;
const caseIds = ['c1', 'c2', 'c3', 'c4', 'c5'];
const cities = ['440100', '440300'];

const programEvent: fc.Arbitrary<ProgramEvent> = fc.oneof(
  fc.record({ caseId: fc.constantFrom(...caseIds), level: fc.constantFrom('district' as const, 'city' as const), cityCode: fc.constantFrom(...cities) }).map(
    ({ caseId, level, cityCode }) => ({ type: 'CaseRegistered', data: { caseId, level, cityCode, cities: [cityCode] } }) as ProgramEvent,
  ),
  fc.record({ caseId: fc.constantFrom(...caseIds), cityCode: fc.constantFrom(...cities) }).map((data) => ({ type: 'RecommendationSlotUsed', data }) as ProgramEvent),
  fc.record({ caseId: fc.constantFrom(...caseIds), cityCode: fc.constantFrom(...cities) }).map((d) => ({ type: 'RecommendationSlotReleased', data: { ...d, reason: 'withdrawn' } }) as ProgramEvent),
  fc.record({ caseId: fc.constantFrom(...caseIds), outcome: fc.constantFrom('withdrawn' as const, 'rejected' as const, 'completed' as const) }).map(
    (data) => ({ type: 'CaseClosed', data }) as ProgramEvent,
  ),
  fc.record({ batchId: fc.constantFrom('b1', 'b2'), caseIds: fc.subarray(caseIds, { minLength: 1 }) }).map(
    (d) => ({ type: 'PublicityBatchOpened', data: { ...d, startsAt: '2019-06-01T00:00:00.000Z', endsAt: '2019-06-08T00:00:00.000Z' } }) as ProgramEvent,
  ),
  fc.record({ caseId: fc.constantFrom(...caseIds), batchNo: fc.integer({ min: 1, max: 2 }), replyLetterNo: fc.option(fc.constantFrom('粤工信函〔2019〕1号', '粤工信函〔2019〕2号'), { nil: undefined }) }).map(
    ({ replyLetterNo, ...d }) => ({ type: 'ApprovalRecorded', data: { ...d, repliedOn: '2019-07-01', ...(replyLetterNo ? { replyLetterNo } : {}) } }) as ProgramEvent,
  ),
  fc.record({ caseId: fc.constantFrom(...caseIds), cityCode: fc.constantFrom(...cities), letterNo: fc.constantFrom('穗工信函〔2019〕1号', '深工信函〔2019〕1号') }).map(
    (data) => ({ type: 'RecommendationLetterRecorded', data }) as ProgramEvent,
  ),
  fc.constant({ type: 'ProgramWindowClosing', data: { pendingCases: [] } } as unknown as ProgramEvent),
  fc.constant({ type: 'ProgramWindowClosed', data: {} } as unknown as ProgramEvent),
);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('program fold', () => {
  it('foldProgramFrom gives what evolveProgram step by step gives, from any state, and changes neither input', () => {
    fc.assert(
      fc.property(fc.array(programEvent, { maxLength: 30 }), fc.array(programEvent, { maxLength: 30 }), (head, tail) => {
        const start = deepFreeze(head.reduce<ProgramFold>(evolveProgram, evolveProgram(initialProgramState, created)));
        const before = JSON.stringify(start);
        const stepwise = tail.reduce<ProgramFold>(evolveProgram, start);
        expect(foldProgramFrom(start, tail)).toEqual(stepwise);
        // Both left the frozen start as it was (a write into it would have thrown in strict mode).
        expect(JSON.stringify(start)).toBe(before);
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('counts what the events say, literally', () => {
    const state = foldProgram([
      created,
      { type: 'CaseRegistered', data: { caseId: 'c1', level: 'city', cityCode: '440100', cities: ['440100'] } },
      { type: 'CaseRegistered', data: { caseId: 'c2', level: 'district', cityCode: '440100', districtCode: '440106', cities: ['440100'] } },
      { type: 'RecommendationSlotUsed', data: { caseId: 'c2', cityCode: '440100' } },
      { type: 'CaseClosed', data: { caseId: 'c1', outcome: 'withdrawn' } },
      { type: 'ApprovalRecorded', data: { caseId: 'c2', batchNo: 1, repliedOn: '2019-07-01' } },
    ] as ProgramEvent[]);
    expect(state).toMatchObject({
      recommended: { '440100': ['c2'] },
      cityLevelOpen: { '440100': [] },
      approvalBatches: [{ batchNo: 1, repliedOn: '2019-07-01', caseIds: ['c2'] }],
      approvals: 1,
    });
  });

  it('frees a city-level place when its case is withdrawn or rejected, not when it completes', () => {
    const reg = (caseId: string, cityCode: string): ProgramEvent => ({ type: 'CaseRegistered', data: { caseId, level: 'city', cityCode, cities: [cityCode] } });
    const closed = (caseId: string, outcome: 'withdrawn' | 'rejected' | 'completed'): ProgramEvent => ({ type: 'CaseClosed', data: { caseId, outcome } });
    const state = foldProgram([created, reg('c1', '440100'), reg('c2', '440300'), reg('c3', '440400'), closed('c1', 'withdrawn'), closed('c2', 'rejected'), closed('c3', 'completed')]);
    expect(state).toMatchObject({ cityLevelOpen: { '440100': [], '440300': [], '440400': ['c3'] } });
  });

  it('does not grow with the number of cases it registers (every write folds a copy of it)', () => {
    const district = (i: number): ProgramEvent => ({ type: 'CaseRegistered', data: { caseId: `c${i}`, level: 'district', cityCode: '440100', districtCode: '440106', cities: ['440100'] } });
    const one = JSON.stringify(foldProgram([created, district(0)]));
    const many = JSON.stringify(foldProgram([created, ...Array.from({ length: 1000 }, (_, i) => district(i))]));
    expect(many.length).toBe(one.length);
  });
});

describe('programCases', () => {
  it('lists the registered cases in order, closed or not, from the stream', () => {
    const events: ProgramEvent[] = [
      created,
      { type: 'CaseRegistered', data: { caseId: 'c2', level: 'district', cityCode: '440300', districtCode: '440305', cities: ['440300'] } },
      { type: 'CaseRegistered', data: { caseId: 'c1', level: 'city', cityCode: '440100', cities: ['440100'] } },
      { type: 'CaseClosed', data: { caseId: 'c2', outcome: 'withdrawn' } },
      { type: 'CaseClosed', data: { caseId: 'c9', outcome: 'withdrawn' } },
    ];
    expect(programCases(events)).toEqual([
      { caseId: 'c2', cityCode: '440300', closed: true },
      { caseId: 'c1', cityCode: '440100', closed: false },
    ]);
  });
});
