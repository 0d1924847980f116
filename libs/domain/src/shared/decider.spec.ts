import { fold, type Decider } from './decider';

type Cmd = { type: 'Add'; data: { n: number } };
type Ev = { type: 'Added'; data: { n: number } };
const counter: Decider<Cmd, Ev, number> = {
  initialState: 0,
  evolve: (s, e) => s + e.data.n,
  decide: (c) => [{ type: 'Added', data: { n: c.data.n } }],
};

describe('fold', () => {
  it('starts from the initial state and applies events in order', () => {
    expect(fold(counter, [])).toBe(0);
    expect(fold(counter, [{ type: 'Added', data: { n: 2 } }, { type: 'Added', data: { n: 3 } }])).toBe(5);
  });

  it('accepts any iterable', () => {
    function* events(): Generator<Ev> {
      yield { type: 'Added', data: { n: 1 } };
    }
    expect(fold(counter, events())).toBe(1);
  });
});
