/** The panel's body: chosen experts pass through, a draw keeps its seed or gets one; anything else names the field. */
import { refusedBody, requested } from '../case.spec-helpers';

describe('panel request', () => {
  it('passes chosen experts through', () => {
    expect(requested('panel', { expertIds: ['e1', 'e2'] })).toEqual({ type: 'FormPanel', data: { expertIds: ['e1', 'e2'] } });
  });

  it('keeps a given seed and generates one when absent', () => {
    expect(requested('panel', { draw: 5, seed: 's-1' })).toEqual({ type: 'FormPanel', data: { draw: 5, seed: 's-1' } });
    expect(requested('panel', { draw: 5 })).toEqual({ type: 'FormPanel', data: { draw: 5, seed: 'new-seed' } });
  });

  it.each([
    [{}, 'draw'],
    [{ expertIds: ['e1'], draw: 1 }, 'seed'],
    [{ expertIds: ['e1'], seed: 'x' }, 'seed'],
    [{ seed: 'x' }, 'draw'],
  ])('refuses %j naming %s', (body, field) => {
    expect(refusedBody('panel', body).details).toEqual([{ field, messages: ['send either {expertIds} or {draw, seed?}'] }]);
  });

  it('refuses a draw out of range and too many chosen experts by their limits', () => {
    expect(refusedBody('panel', { draw: 0 }).details).toEqual([{ field: 'draw', messages: ['must be at least 1'] }]);
    expect(refusedBody('panel', { expertIds: Array.from({ length: 51 }, (_, i) => `e${i}`) }).details).toEqual([
      { field: 'expertIds', messages: ['must have at most 50 items (has 51)'] },
    ]);
  });
});
