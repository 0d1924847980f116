import { actorLabel } from './format';

describe('who did a step of the history', () => {
  it('is the display name the API gives, the system for its timers, nothing (the role alone) when withheld', () => {
    const words = { system: '系统（自动）' };
    expect(actorLabel({ id: 'u-1', name: '广州市工信局 王科长' }, words)).toBe('广州市工信局 王科长');
    expect(actorLabel({ id: 'system' }, words)).toBe('系统（自动）');
    expect(actorLabel({ id: '' }, words)).toBe('');
    expect(actorLabel({ id: 'u-2' }, words)).toBe('u-2');
  });
});
