import { DomainError } from '../errors';
import type { Actor } from '../shared';
import { batchMembersOf, decideProgram, type ProgramCommand } from './program.decider';
import type { ProgramEvent, ProgramSettings } from './program.events';
import { approvalBatchNoFor, approvalsUsed, remainingSlots, windowOpen } from './program.queries';
import { GD_BDPZ_2019_PROGRAM } from './program.seed';
import { foldProgram, type ProgramState } from './program.state';

const admin: Actor = { userId: 'u-admin', role: 'admin' };
const province: Actor = { userId: 'u-prov', role: 'province' };
const now = new Date('2019-03-01T02:00:00Z');

const created: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p1', ...GD_BDPZ_2019_PROGRAM } };
const program = (...more: ProgramEvent[]): ProgramState => foldProgram([created, ...more]) as ProgramState;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
  return undefined;
}
function detailsOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.details : 'not a DomainError';
  }
  return undefined;
}
const fieldsOf = (f: () => unknown): string[] => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DomainError);
  return ((caught as DomainError).details as { field: string }[]).map((x) => x.field);
};
const create = (patch: Partial<ProgramSettings>): ProgramCommand => ({
  type: 'CreateProgram',
  data: { programId: 'p1', ...GD_BDPZ_2019_PROGRAM, ...patch },
});

describe('decideProgram: CreateProgram', () => {
  it('creates the program for an admin', () => {
    expect(decideProgram(create({}), null, { actor: admin, now })).toEqual([created]);
  });

  it('is refused to anyone but an admin', () => {
    expect(codeOf(() => decideProgram(create({}), null, { actor: province, now }))).toBe('FORBIDDEN');
  });

  it('is refused when the program exists', () => {
    expect(codeOf(() => decideProgram(create({}), program(), { actor: admin, now }))).toBe('RULE_VIOLATION');
  });

  it.each<[string, Partial<ProgramSettings>, string]>([
    ['bad key', { key: 'GD 2019' }, 'key'],
    ['city code not 6 digits', { regions: [{ cityCode: '4401', name: 'x', limit: 1, districts: [] }] }, 'regions[0].cityCode'],
    [
      'duplicate city',
      { regions: [{ cityCode: '440100', name: 'a', limit: 1, districts: [] }, { cityCode: '440100', name: 'b', limit: 1, districts: [] }] },
      'regions[1].cityCode',
    ],
    [
      'district of another city',
      { regions: [{ cityCode: '440100', name: 'a', limit: 1, districts: [{ code: '440303', name: '罗湖' }] }] },
      'regions[0].districts[0].code',
    ],
    ['negative limit', { regions: [{ cityCode: '440100', name: 'a', limit: -1, districts: [] }] }, 'regions[0].limit'],
    ['fractional limit', { regions: [{ cityCode: '440100', name: 'a', limit: 1.5, districts: [] }] }, 'regions[0].limit'],
    ['duplicate task', { tasks: [{ code: 'T1', name: 'a' }, { code: 'T1', name: 'b' }], minTasks: 1 }, 'tasks[1].code'],
    ['minTasks above the catalogue', { minTasks: 10 }, 'minTasks'],
    ['minTasks 0', { minTasks: 0 }, 'minTasks'],
    ['quota min 0', { quota: { min: 0, max: 5 } }, 'quota.min'],
    ['quota max below min', { quota: { min: 3, max: 2 } }, 'quota.max'],
    ['window reversed', { window: { opensOn: '2019-04-27', closesOn: '2019-04-26' } }, 'window.closesOn'],
    ['impossible date', { window: { opensOn: '2019-02-30', closesOn: '2019-04-26' } }, 'window.opensOn'],
    ['bad target date', { targetDate: '2020-13-01' }, 'targetDate'],
  ])('rejects %s with VALIDATION_FAILED naming the field', (_name, patch, field) => {
    expect(fieldsOf(() => decideProgram(create(patch), null, { actor: admin, now }))).toContain(field);
  });
});

describe('decideProgram: OpenPublicityBatch', () => {
  const registered: ProgramEvent = { type: 'CaseRegistered', data: { caseId: 'c1', level: 'district', cityCode: '440100', districtCode: '440106', cities: ['440100'] } };
  const open = (caseIds: string[], batchId = 'b1'): ProgramCommand => ({
    type: 'OpenPublicityBatch',
    data: { batchId, caseIds, startsAt: '2019-06-01T00:00:00+08:00', endsAt: '2019-06-08T00:00:00+08:00' },
  });

  /** c1 awaits publicity in this program; c2 was withdrawn; c3 belongs to another program; c9 does not exist. */
  const batchMembers = {
    c1: { programId: 'p1', stage: 'publicity' },
    c2: { programId: 'p1', stage: 'withdrawn' },
    c3: { programId: 'another-program', stage: 'publicity' },
    c9: null,
  };
  const as = (actor: typeof province) => ({ actor, now, batchMembers });

  it('opens a batch of the program’s cases for the province', () => {
    expect(decideProgram(open(['c1']), program(registered), as(province))).toEqual([
      { type: 'PublicityBatchOpened', data: { batchId: 'b1', caseIds: ['c1'], startsAt: '2019-06-01T00:00:00+08:00', endsAt: '2019-06-08T00:00:00+08:00' } },
    ]);
  });

  it('refuses other roles, unknown, closed or foreign cases, repeated batch ids and an empty list', () => {
    const p = program(registered);
    expect(codeOf(() => decideProgram(open(['c1']), p, as(admin)))).toBe('FORBIDDEN');
    for (const other of ['c9', 'c2', 'c3', 'c4']) {
      expect(codeOf(() => decideProgram(open(['c1', other]), p, as(province)))).toBe('ILLEGAL_TRANSITION');
      expect(detailsOf(() => decideProgram(open(['c1', other]), p, as(province)))).toEqual({ caseIds: [other] });
    }
    const withBatch = program(registered, ...decideProgram(open(['c1']), p, as(province)));
    expect(codeOf(() => decideProgram(open(['c1']), withBatch, as(province)))).toBe('RULE_VIOLATION');
    expect(codeOf(() => decideProgram(open([]), p, as(province)))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decideProgram(open(['c1']), null, as(province)))).toBe('NOT_FOUND');
  });

  it('needs the batch members from its caller (the state does not index cases)', () => {
    expect(() => decideProgram(open(['c1']), program(registered), { actor: province, now })).toThrow('needs the batch members');
  });

  it('builds the members from the batch states, null for an id with no case', () => {
    expect(batchMembersOf(['a', 'b'], [{ programId: 'p', stage: 'publicity' }, null])).toEqual({ a: { programId: 'p', stage: 'publicity' }, b: null });
  });
});

describe('program queries', () => {
  it('counts remaining slots per city, freed by a release', () => {
    const used = (caseId: string): ProgramEvent => ({ type: 'RecommendationSlotUsed', data: { caseId, cityCode: '440400' } });
    expect(remainingSlots(program(), '440400')).toBe(2);
    expect(remainingSlots(program(used('a')), '440400')).toBe(1);
    expect(remainingSlots(program(used('a'), used('b')), '440400')).toBe(0);
    const released: ProgramEvent = { type: 'RecommendationSlotReleased', data: { caseId: 'a', cityCode: '440400', reason: 'withdrawn' } };
    expect(remainingSlots(program(used('a'), used('b'), released), '440400')).toBe(1);
    expect(remainingSlots(program(), '999999')).toBe(0);
  });

  it('reads the window in Asia/Shanghai, both ends inclusive', () => {
    const p = program();
    expect(windowOpen(p, new Date('2019-02-26T15:59:59Z'))).toBe(false); // 2019-02-26 23:59:59 in Shanghai
    expect(windowOpen(p, new Date('2019-02-26T16:00:00Z'))).toBe(true); // 2019-02-27 00:00 in Shanghai
    expect(windowOpen(p, new Date('2019-04-26T15:59:59Z'))).toBe(true);
    expect(windowOpen(p, new Date('2019-04-26T16:00:00Z'))).toBe(false);
  });

  it('numbers approval batches by reply date and counts approvals', () => {
    const rec = (caseId: string, batchNo: number, repliedOn: string): ProgramEvent => ({ type: 'ApprovalRecorded', data: { caseId, batchNo, repliedOn } });
    const p = program(rec('a', 1, '2019-09-01'), rec('b', 1, '2019-09-01'));
    expect(approvalsUsed(p)).toBe(2);
    expect(approvalBatchNoFor(p, '2019-09-01')).toBe(1);
    expect(approvalBatchNoFor(p, '2019-10-01')).toBe(2);
    expect(p.approvalBatches).toEqual([{ batchNo: 1, repliedOn: '2019-09-01', caseIds: ['a', 'b'] }]);
  });

  it('keeps a city-level place until the case is withdrawn or rejected', () => {
    const reg: ProgramEvent = { type: 'CaseRegistered', data: { caseId: 'c', level: 'city', cityCode: '441900', cities: ['441900'] } };
    expect(program(reg).cityLevelOpen['441900']).toEqual(['c']);
    expect(program(reg, { type: 'CaseClosed', data: { caseId: 'c', outcome: 'notSelected' } }).cityLevelOpen['441900']).toEqual(['c']);
    expect(program(reg, { type: 'CaseClosed', data: { caseId: 'c', outcome: 'rejected' } }).cityLevelOpen['441900']).toEqual([]);
  });
});
