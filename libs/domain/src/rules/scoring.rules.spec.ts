import { DomainError } from '../errors';
import { aggregateScores, scoreTotal, validateScores } from './scoring.rules';

const rubric = [
  { id: 'basis', max: 30 },
  { id: 'plan', max: 40 },
  { id: 'support', max: 30 },
];

describe('scoring rules', () => {
  describe('validateScores', () => {
    it('accepts every criterion within 0..max with at most one decimal', () => {
      expect(validateScores(rubric, { basis: 0, plan: 40, support: 27.5 })).toEqual([]);
    });

    it('reports missing, unknown, out-of-range and too-precise scores by field', () => {
      expect(validateScores(rubric, { basis: 31, plan: 12.25, extra: 3 })).toEqual([
        { field: 'scores.extra', messages: ['is not a criterion of the rubric (basis, plan, support)'] },
        { field: 'scores.basis', messages: ['must be between 0 and 30'] },
        { field: 'scores.plan', messages: ['must have at most 1 decimal'] },
        { field: 'scores.support', messages: ['is required: every criterion must be scored'] },
      ]);
    });

    it('refuses negatives, strings and a non-object', () => {
      expect(validateScores(rubric, { basis: -0.5, plan: '30', support: 1 })).toEqual([
        { field: 'scores.basis', messages: ['must be between 0 and 30'] },
        { field: 'scores.plan', messages: ['must be a number'] },
      ]);
      expect(validateScores(rubric, [1, 2, 3])).toEqual([{ field: 'scores', messages: ['must be an object mapping each criterion id to a number'] }]);
    });

    it('tolerates float noise in one decimal (0.1 + 0.2)', () => {
      expect(validateScores(rubric, { basis: 0.1 + 0.2, plan: 1, support: 1 })).toEqual([]);
    });
  });

  it('scoreTotal sums the criteria, rounded to 2 decimals', () => {
    expect(scoreTotal(rubric, { basis: 0.1, plan: 0.2, support: 27.5 })).toBe(27.8);
    expect(scoreTotal(rubric, { basis: 25, plan: 33.5, support: 21 })).toBe(79.5);
  });

  describe('aggregateScores', () => {
    it('mean, rounded to 2 decimals', () => {
      expect(aggregateScores([80, 81, 87], 'mean')).toBe(82.67);
      expect(aggregateScores([75], 'mean')).toBe(75);
    });

    it('trimmed mean drops one highest and one lowest', () => {
      expect(aggregateScores([60, 80, 95], 'trimmedMean')).toBe(80);
      expect(aggregateScores([95, 70, 80, 90, 60], 'trimmedMean')).toBe(80);
      expect(aggregateScores([80, 80, 80, 99], 'trimmedMean')).toBe(80);
    });

    it('trimmed mean needs at least 3 totals', () => {
      expect(() => aggregateScores([80, 90], 'trimmedMean')).toThrow(DomainError);
      expect(() => aggregateScores([80, 90], 'trimmedMean')).toThrow(expect.objectContaining({
        code: 'RULE_VIOLATION',
        details: [expect.objectContaining({ rule: 'scores.trimmedMeanMinimum' })],
      }));
    });

    it('nothing to aggregate is a rule violation', () => {
      expect(() => aggregateScores([], 'mean')).toThrow(expect.objectContaining({ code: 'RULE_VIOLATION' }));
    });

    it('does not reorder the caller\'s array', () => {
      const totals = [90, 60, 75];
      aggregateScores(totals, 'trimmedMean');
      expect(totals).toEqual([90, 60, 75]);
    });
  });
});
