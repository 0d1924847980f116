/**
 * The lifecycle diagram as a picture: the server's Mermaid stateDiagram-v2 text (read off the built machine) turned
 * into the nodes and arrows ECharts' graph draws. Substates (`expertReview_scoring`) are drawn as their stage and
 * movements inside a stage are left out, as the stage list is. Laid out by rule, not by force: the main line left
 * to right, side stages (cultivation) above it, end states below under the stages that lead to them.
 */
import type { EChartsCoreOption } from 'echarts/core';

/** The main line's order (a stage the diagram lacks, e.g. defense switched off, is simply not there). */
const MAIN_LINE = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation'];
/**
 * Distances in pixels: the diagram is drawn at its size. The step between stages fits the width available
 * (`stepFor`), within bounds: wider boxes would only spread it, a phone scrolls it sideways (see lifecycleSize).
 */
const DEFAULT_STEP = 118;
const MIN_STEP = 88;
const MAX_STEP = 150;
const SIDE_Y = -96;
const END_Y = 104;
const MARGIN = 56;
/** Nodes are this much narrower than the step between them. */
const GAP = 12;

/** The step that fits `stages` main-line stages (and the start dot before them) into `width` pixels. */
export function stepFor(width: number, stages: number): number {
  // The span of the start dot and the stages, one more step for the last node's own width, and the margins.
  const fit = (width - 2 * MARGIN) / Math.max(1, stages + 0.55);
  return Math.floor(Math.min(MAX_STEP, Math.max(MIN_STEP, fit)));
}

export type NodeKind = 'start' | 'stage' | 'side' | 'end';
export type EdgeKind = 'forward' | 'back' | 'side' | 'end';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The events (domain event types) that make the movement. */
  events: string[];
  kind: EdgeKind;
}

export interface LifecycleGraph {
  /** Distance between main-line stages (px). */
  step: number;
  /** Main-line stages in order. */
  main: string[];
  side: string[];
  ends: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const stageOf = (id: string): string => id.split('_')[0]!;
const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Top-level movements of the diagram, stage to stage (`[*]` for the start), each with its events. */
export function movements(mermaid: string): { from: string; to: string; events: string[] }[] {
  const byPair = new Map<string, { from: string; to: string; events: string[] }>();
  for (const raw of mermaid.split('\n')) {
    if (!raw.startsWith('    ') || raw.startsWith('        ')) continue;
    const m = /^(\S+) --> (\S+)(?: : (\S+))?$/.exec(raw.trim());
    if (!m || m[2] === '[*]') continue;
    const from = m[1] === '[*]' ? '[*]' : stageOf(m[1]!);
    const to = stageOf(m[2]!);
    if (from === to) continue;
    const key = `${from}>${to}`;
    const pair = byPair.get(key) ?? { from, to, events: [] };
    if (m[3] && !pair.events.includes(m[3])) pair.events.push(m[3]);
    byPair.set(key, pair);
  }
  return [...byPair.values()];
}

/** Places every stage of the diagram (see the module comment). */
export function lifecycleGraph(mermaid: string, STEP = DEFAULT_STEP): LifecycleGraph {
  const moves = movements(mermaid);
  const finals = new Set<string>();
  for (const raw of mermaid.split('\n')) {
    const m = /^ {4}(\S+) --> \[\*\]$/.exec(raw);
    if (m) finals.add(stageOf(m[1]!));
  }
  const all = [...new Set(moves.flatMap((e) => [e.from, e.to]))].filter((s) => s !== '[*]');
  const main = MAIN_LINE.filter((s) => all.includes(s) && !finals.has(s));
  const side = all.filter((s) => !main.includes(s) && !finals.has(s));
  const ends = all.filter((s) => finals.has(s));
  const x = new Map(main.map((s, i) => [s, i * STEP]));
  const nodes: GraphNode[] = [{ id: '[*]', kind: 'start', x: -STEP * 0.55, y: 0 }, ...main.map((s) => ({ id: s, kind: 'stage' as const, x: x.get(s)!, y: 0 }))];
  const neighbours = (s: string) => moves.flatMap((e) => (e.to === s ? [e.from] : e.from === s ? [e.to] : [])).filter((n) => x.has(n)).map((n) => x.get(n)!);
  for (const s of side) nodes.push({ id: s, kind: 'side', x: mean(neighbours(s)), y: SIDE_Y });
  // End states under the stages that lead to them, kept a node apart from each other, in the order of that place.
  const placed = ends.map((s) => ({ s, at: mean(neighbours(s)) })).sort((a, b) => a.at - b.at);
  for (let i = 1; i < placed.length; i++) placed[i]!.at = Math.max(placed[i]!.at, placed[i - 1]!.at + STEP * 0.85);
  // Kept within the main line's span: pushed apart past its last stage, the row moves back left as a whole.
  const over = (placed.at(-1)?.at ?? 0) - (main.length - 1) * STEP;
  if (over > 0) for (const p of placed) p.at -= over;
  for (const p of placed) nodes.push({ id: p.s, kind: 'end', x: p.at, y: END_Y });
  const kindOf = (from: string, to: string): EdgeKind => {
    if (finals.has(to)) return 'end';
    if (!x.has(to) || (from !== '[*]' && !x.has(from))) return 'side';
    return from === '[*]' || x.get(to)! > x.get(from)! ? 'forward' : 'back';
  };
  return { step: STEP, main, side, ends, nodes, edges: moves.map((e) => ({ ...e, kind: kindOf(e.from, e.to) })) };
}

const NODE_STYLE: Record<NodeKind, { symbol: string; size: (step: number) => number | [number, number]; color: string; border: string; text: string }> = {
  start: { symbol: 'circle', size: () => 14, color: '#262626', border: '#262626', text: '#262626' },
  stage: { symbol: 'roundRect', size: (step) => [step - GAP, 40], color: '#e6f4ff', border: '#0958d9', text: '#002c8c' },
  side: { symbol: 'roundRect', size: (step) => [step - GAP, 40], color: '#fffbe6', border: '#d48806', text: '#613400' },
  end: { symbol: 'roundRect', size: (step) => [step - GAP - 8, 34], color: '#f5f5f5', border: '#8c8c8c', text: '#262626' },
};
const EDGE_STYLE: Record<EdgeKind, { color: string; type: 'solid' | 'dashed'; curveness: number; width: number }> = {
  forward: { color: '#0958d9', type: 'solid', curveness: 0, width: 2 },
  back: { color: '#d46b08', type: 'dashed', curveness: 0.35, width: 1.5 },
  side: { color: '#d48806', type: 'dashed', curveness: 0.15, width: 1.5 },
  end: { color: '#bfbfbf', type: 'solid', curveness: 0.05, width: 1 },
};

/** The ECharts option: stage names in the reader's language, the events of a movement in its tooltip. */
export function lifecycleOption(g: LifecycleGraph, name: (stage: string) => string): EChartsCoreOption {
  return {
    tooltip: {
      formatter: (p: { dataType?: string; name?: string; data?: { events?: string[] } }) =>
        p.dataType === 'edge' ? (p.data?.events ?? []).join('<br/>') : p.name && p.name !== '[*]' ? name(p.name) : '',
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: false,
        top: MARGIN,
        bottom: MARGIN / 2,
        left: MARGIN,
        right: MARGIN,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        label: { show: true, fontSize: 11, overflow: 'break', width: g.step - GAP - 2, lineHeight: 13 },
        data: g.nodes.map((n) => {
          const s = NODE_STYLE[n.kind];
          const label = n.kind === 'start' ? '' : name(n.id);
          return {
            name: n.id,
            // A long Latin word ("Recommendation") in a smaller size rather than broken inside it; names with spaces wrap.
            label: { show: n.kind !== 'start', formatter: label, color: s.text, fontSize: /^[\x21-\x7e]{13,}$/.test(label) ? 9 : 11 },
            x: n.x,
            y: n.y,
            symbol: s.symbol,
            symbolSize: s.size(g.step),
            itemStyle: { color: s.color, borderColor: s.border, borderWidth: n.kind === 'end' ? 1 : 1.5 },
          };
        }),
        links: g.edges.map((e) => {
          const s = EDGE_STYLE[e.kind];
          return { source: e.from, target: e.to, events: e.events, lineStyle: { color: s.color, type: s.type, curveness: s.curveness, width: s.width } };
        }),
        emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
      },
    ],
  };
}

/** The box the diagram needs to be drawn at full size (ECharts fits the nodes' span into the box). */
export function lifecycleSize(g: LifecycleGraph): { width: number; height: number } {
  const xs = g.nodes.map((n) => n.x);
  const ys = g.nodes.map((n) => n.y);
  return { width: Math.max(...xs) - Math.min(...xs) + 2 * MARGIN + g.step, height: Math.max(...ys) - Math.min(...ys) + 1.5 * MARGIN + 40 };
}

/** What a screen reader (and a test) reads for the picture: the main line, then side and end states. */
export function lifecycleText(g: LifecycleGraph, name: (stage: string) => string, words: { side: string; ends: string; list: string; parts: string }): string {
  const parts = [g.main.map(name).join(' → ')];
  if (g.side.length > 0) parts.push(`${words.side}${g.side.map(name).join(words.list)}`);
  if (g.ends.length > 0) parts.push(`${words.ends}${g.ends.map(name).join(words.list)}`);
  return parts.join(words.parts);
}
