import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowDefinition } from './definition.types';
import { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';
import { toMermaid } from './mermaid';

const DIAGRAM = join(__dirname, 'definitions', 'gd-bdpz-2019.mmd');

describe('toMermaid', () => {
  it('matches the stored diagram of gd-bdpz-2019 (regenerate with UPDATE_DIAGRAMS=1 npx jest workflows/src/mermaid)', () => {
    const text = toMermaid(GD_BDPZ_2019);
    if (process.env['UPDATE_DIAGRAMS'] === '1') writeFileSync(DIAGRAM, text);
    expect(readFileSync(DIAGRAM, 'utf8')).toBe(text);
  });

  it('is deterministic', () => {
    expect(toMermaid(structuredClone(GD_BDPZ_2019))).toBe(toMermaid(GD_BDPZ_2019));
  });

  it('draws the start, nested substates, labelled transitions and terminal ends', () => {
    const lines = toMermaid(GD_BDPZ_2019).split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('    [*] --> draft');
    expect(lines).toContain('    state expertReview {');
    expect(lines).toContain('        state "awaiting" as publicity_awaiting');
    expect(lines).toContain('        expertReview_forming --> expertReview_scoring : ExpertPanelFormed');
    expect(lines).toContain('    expertReview_scoring --> defense : ExpertReviewConcluded');
    expect(lines).toContain('    publicity_open --> rejected : ObjectionResolved');
    expect(lines).toContain('        progressEvaluation_rectification --> progressEvaluation_monitoring : ProgressEvaluated');
    expect(lines).toContain('    cultivation --> siteVisit : CaseResumed');
    for (const t of ['withdrawn', 'rejected', 'notSelected', 'revoked', 'completed']) expect(lines).toContain(`    ${t} --> [*]`);
    expect(new Set(lines.filter((l) => l.includes('-->'))).size).toBe(lines.filter((l) => l.includes('-->')).length);
  });

  it('leaves out disabled stages', () => {
    const def: WorkflowDefinition = {
      ...GD_BDPZ_2019,
      key: 'test-mermaid-neither',
      stages: { ...GD_BDPZ_2019.stages, defense: { enabled: false }, siteVisit: { enabled: false } },
    };
    const text = toMermaid(def);
    expect(text).not.toMatch(/defense|siteVisit/);
    expect(text).toContain('    expertReview_scoring --> publicity : ExpertReviewConcluded');
  });
});
