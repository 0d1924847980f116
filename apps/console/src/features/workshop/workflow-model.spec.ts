import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowDefinition } from './api';
import { SEEDED } from './definition.fixture';
import { diffDefinitions, isoCount, stagesOfDefinition, stagesOfDiagram } from './workflow-model';

const seeded = SEEDED;
const MMD = join(__dirname, '../../../../../workflows/src/definitions/gd-bdpz-2019.mmd');
const withoutDefense = { ...seeded, version: 2, stages: { ...seeded.stages, defense: { ...seeded.stages.defense, enabled: false } } } as WorkflowDefinition;

describe('workflow pages model', () => {
  it('reads the lifecycle stages and end states off the shipped diagram', () => {
    expect(stagesOfDiagram(readFileSync(MMD, 'utf8'))).toEqual({
      stages: ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'cultivation'],
      ends: ['withdrawn', 'rejected', 'notSelected', 'revoked', 'completed'],
    });
  });

  it('gives the stages of the diagram for the seeded definition, and loses defense when it is switched off', () => {
    // The diagram (read off the server's machine) and the edited definition's stages agree on the main line.
    const diagram = stagesOfDiagram(readFileSync(MMD, 'utf8')).stages.filter((s) => s !== 'cultivation');
    expect(stagesOfDefinition(seeded)).toEqual(diagram);
    expect(stagesOfDefinition(withoutDefense)).toEqual(diagram.filter((s) => s !== 'defense'));
    // A diagram drawn without defense (the server does this; the browser journey checks it) loses the stage too.
    const drawn = readFileSync(MMD, 'utf8').split('\n').filter((l) => !/\bdefense/.test(l)).join('\n');
    expect(stagesOfDiagram(drawn).stages).not.toContain('defense');
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
