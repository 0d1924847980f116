import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleGraph, lifecycleOption, lifecycleSize, lifecycleText, movements, stepFor } from './lifecycle-graph';

const MMD = readFileSync(join(__dirname, '../../../../../workflows/src/definitions/gd-bdpz-2019.mmd'), 'utf8');
/** The shipped diagram as the server draws it with defense switched off (its lines, and the review passing to the site visit). */
const WITHOUT_DEFENSE = MMD.split('\n')
  .filter((l) => !/\bdefense/.test(l))
  .join('\n')
  .replace('expertReview_scoring --> notSelected', 'expertReview_scoring --> siteVisit : ExpertReviewConcluded\n    expertReview_scoring --> notSelected');

describe('lifecycle diagram as a graph', () => {
  it('reads the stage-to-stage movements with their events, substates drawn as their stage, none inside a stage', () => {
    const m = movements(MMD);
    expect(m).toContainEqual({ from: '[*]', to: 'draft', events: [] });
    expect(m).toContainEqual({ from: 'expertReview', to: 'defense', events: ['ExpertReviewConcluded'] });
    expect(m).toContainEqual({ from: 'publicity', to: 'expertReview', events: ['ObjectionResolved'] });
    expect(m.filter((e) => e.from === e.to)).toEqual([]);
    expect(m.filter((e) => e.from === 'cityAudit' && e.to === 'draft')).toEqual([{ from: 'cityAudit', to: 'draft', events: ['CaseReturnedForRevision'] }]);
  });

  it('lays the main line out left to right, cultivation above, the end states below and apart', () => {
    const g = lifecycleGraph(MMD);
    expect(g.main).toEqual(['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation']);
    expect(g.side).toEqual(['cultivation']);
    expect(g.ends.sort()).toEqual(['completed', 'notSelected', 'rejected', 'revoked', 'withdrawn']);
    const at = new Map(g.nodes.map((n) => [n.id, n]));
    const xs = g.main.map((s) => at.get(s)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(g.main.map((s) => at.get(s)!.y))).toEqual(new Set([0]));
    expect(at.get('cultivation')!.y).toBeLessThan(0);
    const ends = g.ends.map((s) => at.get(s)!).sort((a, b) => a.x - b.x);
    ends.forEach((n, i) => i > 0 && expect(n.x - ends[i - 1]!.x).toBeGreaterThanOrEqual(100));
    expect(ends.every((n) => n.y > 0)).toBe(true);
    const kind = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to)?.kind;
    expect([kind('draft', 'cityAudit'), kind('cityAudit', 'draft'), kind('expertReview', 'cultivation'), kind('draft', 'withdrawn')]).toEqual(['forward', 'back', 'side', 'end']);
  });

  it('loses a switched-off stage, and the review then leads to the site visit', () => {
    const g = lifecycleGraph(WITHOUT_DEFENSE);
    expect(g.main).not.toContain('defense');
    expect(g.nodes.map((n) => n.id)).not.toContain('defense');
    expect(g.edges).toContainEqual(expect.objectContaining({ from: 'expertReview', to: 'siteVisit', kind: 'forward' }));
    const zh: Record<string, string> = { draft: '起草', cityAudit: '市级审核', recommendation: '推荐', expertReview: '专家评审', siteVisit: '现场考察', publicity: '公示', approval: '批复', progressEvaluation: '跟踪评估', cultivation: '培育' };
    expect(lifecycleText(g, (s) => zh[s] ?? s, { side: '另有：', ends: '结束：', list: '、', parts: '；' })).toMatch(/^起草 → 市级审核 → 推荐 → 专家评审 → 现场考察 → 公示 → 批复 → 跟踪评估；另有：培育；结束：/);
  });

  it('spreads the stages over the width there is, within bounds, and says how much room it needs', () => {
    expect(stepFor(1000, 9)).toBe(Math.floor((1000 - 112) / 9.55));
    expect(stepFor(390, 9)).toBe(88);
    expect(stepFor(4000, 9)).toBe(150);
    const g = lifecycleGraph(MMD, stepFor(1000, 9));
    expect(lifecycleSize(g).width).toBeLessThanOrEqual(1000);
    expect(lifecycleSize(lifecycleGraph(MMD, 88)).width).toBeGreaterThan(390);
  });

  it('gives ECharts every node at its place and every movement as an arrow', () => {
    const g = lifecycleGraph(MMD);
    const series = (lifecycleOption(g, (s) => s) as { series: { data: { name: string; x: number }[]; links: { source: string; target: string }[] }[] }).series[0]!;
    expect(series.data.map((d) => d.name).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(series.links).toHaveLength(g.edges.length);
  });
});
