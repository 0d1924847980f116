import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import { caseSnapshotKey } from './case.snapshot';
import { CASE_FOLD_CODE } from './case.state';

describe('caseSnapshotKey', () => {
  it('is stable for one workflow version and names it', () => {
    expect(caseSnapshotKey(GD_BDPZ_2019)).toBe(caseSnapshotKey(GD_BDPZ_2019));
    expect(caseSnapshotKey(GD_BDPZ_2019)).toMatch(/^case:gd-bdpz-2019@1:[0-9a-f]{16}$/);
  });

  it('differs for another workflow version, so a snapshot is never folded on with another machine', () => {
    const v2: WorkflowDefinition = { ...GD_BDPZ_2019, version: 2, stages: { ...GD_BDPZ_2019.stages, defense: { enabled: false } } };
    expect(caseSnapshotKey(v2)).not.toBe(caseSnapshotKey(GD_BDPZ_2019));
  });

  it('covers the fold code (the functions of case.state.ts)', () => {
    expect(CASE_FOLD_CODE).toContain('evolveData');
    expect(CASE_FOLD_CODE).toContain('ApplicationSaved');
  });
});
