import type { CaseDetail } from '../../api/types';
import { aggregate, conflictsOf, currentPanel, fieldProblemsOf, namePathOf, openSeats, placeFieldErrors, translateMessage } from './review-model';

const review = (r: Partial<CaseDetail['review']>): CaseDetail['review'] => ({ panel: null, recusals: [], replacements: [], scores: {}, conclusion: null, ...r });

describe('review model', () => {
  it('puts each replacement in the seat it fills, following chains, and finds the seats still open', () => {
    const r = review({
      panel: { expertIds: ['a', 'b', 'c'] },
      recusals: [{ expertId: 'b' }, { expertId: 'x' }, { expertId: 'c' }],
      replacements: [{ recusedExpertId: 'b', expertId: 'x' }, { recusedExpertId: 'x', expertId: 'y' }],
    });
    expect(currentPanel(r)).toEqual(['a', 'y', 'c']);
    expect(openSeats(r)).toEqual(['c']);
    expect(currentPanel(review({}))).toEqual([]);
  });

  it('aggregates as the workflow says: the mean, or the mean without one highest and one lowest (≥ 3 scores)', () => {
    expect(aggregate([80, 70, 90, 60, 99], 'trimmedMean')).toBe(80);
    expect(aggregate([80, 70, 90, 60, 99], 'mean')).toBe(79.8);
    expect(aggregate([80, 70], 'trimmedMean')).toBeUndefined();
    expect(aggregate([80, 71], 'mean')).toBe(75.5);
    expect(aggregate([1, 1, 2], 'mean')).toBe(1.33);
    expect(aggregate([], 'mean')).toBeUndefined();
  });

  it('bars an expert of a city of the case or employed by one of its parties, as the policy says', () => {
    const c = { cities: ['440100'], applicant: { cityCode: '440100', unitName: '广州市天河区人民政府' }, partners: [{ cityCode: '440300', unitName: '深圳市南山区人民政府' }] };
    const both = { homeCity: true, employer: true };
    expect(conflictsOf({ id: 'e', homeCityCode: '440100', employer: '中山大学' }, c, both)).toEqual(['homeCity']);
    expect(conflictsOf({ id: 'e', homeCityCode: '445100', employer: ' 深圳市南山区 人民政府' }, c, both)).toEqual(['employer']);
    expect(conflictsOf({ id: 'e', homeCityCode: '440100', employer: '深圳市南山区人民政府' }, c, { homeCity: false, employer: false })).toEqual([]);
  });

  it("places the API's field errors at the longest declared field they belong to, the rest apart", () => {
    expect(namePathOf('expertIds[1]')).toEqual(['expertIds', 1]);
    const problems = fieldProblemsOf([
      { field: 'scores.basis', messages: ['must be between 0 and 20'] },
      { field: 'expertIds[1]', messages: ['no expert x in the pool'] },
      { field: 'objector.name', messages: ['must not be blank'] },
      { field: 'If-Match', messages: ['must be a revision number'] },
      { notAField: true },
    ]);
    const { at, rest } = placeFieldErrors(problems, ['scores', 'scores.basis', 'expertIds', 'objector.name']);
    expect(at).toEqual([
      { name: ['scores', 'basis'], messages: ['must be between 0 and 20'] },
      { name: ['expertIds'], messages: ['no expert x in the pool'] },
      { name: ['objector', 'name'], messages: ['must not be blank'] },
    ]);
    expect(rest).toEqual([{ field: 'If-Match', messages: ['must be a revision number'] }]);
  });

  it('translates the shapes of message it knows and keeps the others', () => {
    const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`;
    expect(translateMessage('must not be blank', t)).toBe('review.errors.messages.blank');
    expect(translateMessage('must be between 0 and 20', t)).toBe('review.errors.messages.between{"min":"0","max":"20"}');
    expect(translateMessage('must be at most 200 characters', t)).toBe('review.errors.messages.atMost{"n":"200"}');
    expect(translateMessage('must not be in the future', t)).toBe('review.errors.messages.future');
    expect(translateMessage('no expert x in the pool', t)).toBe('no expert x in the pool');
  });
});
