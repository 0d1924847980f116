import type { Program } from './api';
import { parseDistrict, programBody, programToForm } from './program-form';

const seeded = {
  key: 'gd-bdpz-2019',
  name: '广东省大数据综合试验区 2019',
  workflow: { key: 'gd-bdpz-2019', version: 1 },
  regions: [{ cityCode: '440100', name: '广州市', limit: 3, districts: [{ code: '440106', name: '天河区' }] }],
  tasks: [{ code: 'T1', name: '数据共享开放' }],
  minTasks: 6,
  quota: { min: 3, max: 5 },
  window: { opensOn: '2019-02-27', closesOn: '2019-04-26' },
  targetDate: '2020-12-31',
} as unknown as Program;

describe('new-program form', () => {
  it('prefills every setting but the key from the seeded program and sends them back as they were', () => {
    const v = programToForm(seeded);
    expect(v.key).toBe('');
    expect(v.regions[0]!.districts).toEqual(['440106 天河区']);
    expect(v.workflow).toBe('gd-bdpz-2019@1');
    const body = programBody({ ...v, key: ' gd-bdpz-2020 ', workflow: 'gd-bdpz-2019@2' });
    expect(body).toEqual({ ...seeded, key: 'gd-bdpz-2020', workflow: { key: 'gd-bdpz-2019', version: 2 } } as unknown as Record<string, unknown>);
  });

  it('reads a district as "6-digit code, space, name" only', () => {
    expect(parseDistrict(' 440106  天河区 ')).toEqual({ code: '440106', name: '天河区' });
    expect(parseDistrict('天河区')).toBeNull();
    expect(parseDistrict('44010 天河区')).toBeNull();
  });
});
