import type { DecideContext, Role } from '../shared/actor';
import { fold } from '../shared/decider';
import { expertDecider, type ExpertState } from './expert.decider';
import type { ExpertCommand, ExpertEvent, RegisterExpert } from './expert.events';

const now = new Date('2019-03-01T08:00:00Z');
const as = (role: Role): DecideContext => ({ actor: { userId: `${role}-1`, role }, now });
const given = (events: ExpertEvent[]): ExpertState => fold(expertDecider, events);
const when = (events: ExpertEvent[], command: ExpertCommand, ctx = as('admin')): ExpertEvent[] => expertDecider.decide(command, given(events), ctx);
const invalid = (...fields: string[]) =>
  expect.objectContaining({ code: 'VALIDATION_FAILED', details: fields.map((field) => expect.objectContaining({ field })) });

const register = (data: Partial<RegisterExpert['data']> = {}): RegisterExpert => ({
  type: 'RegisterExpert',
  data: { expertId: 'x-1', name: ' 王五 ', homeCityCode: '440600', employer: '华南理工大学 ', fields: ['大数据', ' 大数据', '人工智能'], ...data },
});
const registered: ExpertEvent = {
  type: 'ExpertRegistered',
  data: { expertId: 'x-1', name: '王五', homeCityCode: '440600', employer: '华南理工大学', fields: ['大数据', '人工智能'] },
};
const retired: ExpertEvent = { type: 'ExpertRetired', data: { expertId: 'x-1', reason: 'retired' } };

describe('expert decider', () => {
  describe('RegisterExpert', () => {
    it('an admin registers an expert (names trimmed, fields de-duplicated)', () => {
      expect(when([], register())).toEqual([registered]);
    });

    it.each(['province', 'city', 'applicant', 'expert'] as Role[])('a %s may not', (role) => {
      expect(() => when([], register(), as(role))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('refuses a second registration of the same id', () => {
      expect(() => when([registered], register())).toThrow(expect.objectContaining({ code: 'RULE_VIOLATION' }));
    });

    it.each([
      [{ homeCityCode: '4406' }, ['homeCityCode']],
      [{ homeCityCode: '44060a' }, ['homeCityCode']],
      [{ name: '', employer: ' ' }, ['name', 'employer']],
      [{ fields: ['ok', ''] }, ['fields[1]']],
      [{ expertId: 'bad id' }, ['expertId']],
    ] as [Partial<RegisterExpert['data']>, string[]][])('refuses %p', (data, fields) => {
      expect(() => when([], register(data))).toThrow(invalid(...fields));
    });
  });

  describe('UpdateExpert', () => {
    it('records only what changed', () => {
      const events = when([registered], { type: 'UpdateExpert', data: { employer: '中山大学', name: '王五', fields: ['大数据', '人工智能'] } });
      expect(events).toEqual([{ type: 'ExpertUpdated', data: { expertId: 'x-1', employer: '中山大学' } }]);
      expect(given([registered, ...events])).toMatchObject({ employer: '中山大学', name: '王五', homeCityCode: '440600' });
    });

    it('records nothing when nothing changed', () => {
      expect(when([registered], { type: 'UpdateExpert', data: { homeCityCode: '440600' } })).toEqual([]);
    });

    it('refuses a bad home city, an unknown expert and a retired one', () => {
      expect(() => when([registered], { type: 'UpdateExpert', data: { homeCityCode: 'x' } })).toThrow(invalid('homeCityCode'));
      expect(() => when([], { type: 'UpdateExpert', data: { name: 'A' } })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
      expect(() => when([registered, retired], { type: 'UpdateExpert', data: { name: 'A' } })).toThrow(
        expect.objectContaining({ code: 'RULE_VIOLATION', details: [expect.objectContaining({ rule: 'expert.retired' })] }),
      );
    });
  });

  describe('RetireExpert', () => {
    it('retires an active expert, once', () => {
      expect(when([registered], { type: 'RetireExpert', data: { reason: ' retired ' } })).toEqual([retired]);
      expect(given([registered, retired]).status).toBe('retired');
      expect(() => when([registered, retired], { type: 'RetireExpert', data: { reason: 'again' } })).toThrow(
        expect.objectContaining({ code: 'RULE_VIOLATION' }),
      );
    });

    it('needs a reason and an admin', () => {
      expect(() => when([registered], { type: 'RetireExpert', data: { reason: '' } })).toThrow(invalid('reason'));
      expect(() => when([registered], { type: 'RetireExpert', data: { reason: 'x' } }, as('province'))).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    });
  });
});
