import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GD_BDPZ_2019 } from '../../../../../workflows/src/definitions/gd-bdpz-2019';
import { toMermaid } from '../../../../../workflows/src/mermaid';
import type { WorkflowDefinition } from './api';
import { diffDefinitions, isoCount, stagesOfDefinition, stagesOfDiagram } from './workflow-model';

const seeded = GD_BDPZ_2019 as unknown as WorkflowDefinition;
const withoutDefense = { ...seeded, version: 2, stages: { ...seeded.stages, defense: { ...seeded.stages.defense, enabled: false } } } as WorkflowDefinition;

describe('workflow pages model', () => {
  it('reads the lifecycle stages and end states off the shipped diagram', () => {
    const mmd = readFileSync(join(__dirname, '../../../../../workflows/src/definitions/gd-bdpz-2019.mmd'), 'utf8');
    expect(stagesOfDiagram(mmd)).toEqual({
      stages: ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'cultivation'],
      ends: ['withdrawn', 'rejected', 'notSelected', 'revoked', 'completed'],
    });
  });

  it('loses the defense stage from the diagram of a definition with defense off, as the edited definition does', () => {
    const stages = stagesOfDiagram(toMermaid(withoutDefense as never)).stages;
    expect(stages).not.toContain('defense');
    expect(stages).toContain('siteVisit');
    expect(stagesOfDefinition(withoutDefense)).toEqual(stages.filter((s) => s !== 'cultivation'));
    expect(stagesOfDefinition(seeded)).toContain('defense');
  });

  it('lists what changed leaf by leaf, rubric rows by index, without key and version', () => {
    const after = { ...withoutDefense, passThreshold: 75, rubric: [...seeded.rubric.slice(0, 5), { ...seeded.rubric[5]!, max: 20 }] };
    expect(diffDefinitions(seeded, after)).toEqual([
      { path: 'stages.defense.enabled', before: true, after: false },
      { path: 'rubric[5].max', before: 15, after: 20 },
      { path: 'passThreshold', before: 70, after: 75 },
    ]);
    expect(diffDefinitions(seeded, { ...seeded, version: 9 })).toEqual([]);
  });

  it('reads whole days and months out of ISO durations only', () => {
    expect(isoCount('P10D', 'D')).toBe(10);
    expect(isoCount('P6M', 'M')).toBe(6);
    expect(isoCount('PT2H', 'D')).toBeNull();
    expect(isoCount(undefined, 'D')).toBeNull();
  });
});
