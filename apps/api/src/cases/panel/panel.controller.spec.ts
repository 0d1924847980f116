import { toFormPanel } from './panel.controller';
import type { PanelDto } from './panel.dto';

const seed = jest.fn(() => 'generated');
const dto = (v: Partial<PanelDto>): PanelDto => Object.assign(new (class {})(), v) as PanelDto;

describe('toFormPanel', () => {
  beforeEach(() => seed.mockClear());

  it('passes chosen experts through', () => {
    expect(toFormPanel(dto({ expertIds: ['e1', 'e2'] }), seed)).toEqual({ type: 'FormPanel', data: { expertIds: ['e1', 'e2'] } });
    expect(seed).not.toHaveBeenCalled();
  });

  it('keeps a given seed and generates one when absent', () => {
    expect(toFormPanel(dto({ draw: 5, seed: 's-1' }), seed)).toEqual({ type: 'FormPanel', data: { draw: 5, seed: 's-1' } });
    expect(toFormPanel(dto({ draw: 5 }), seed)).toEqual({ type: 'FormPanel', data: { draw: 5, seed: 'generated' } });
    expect(seed).toHaveBeenCalledTimes(1);
  });

  it.each([[{}], [{ expertIds: ['e1'], draw: 1 }], [{ expertIds: ['e1'], seed: 'x' }], [{ seed: 'x' }]])('refuses %j', (body) => {
    expect(() => toFormPanel(dto(body), seed)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
