/**
 * Mermaid `stateDiagram-v2` text for a workflow definition, read off the built machine (not a hand-kept list), so a
 * disabled stage disappears from the diagram exactly as it does from the machine. Output is deterministic: states
 * in config order, transitions in config order, duplicates dropped. Events accepted without leaving the state
 * (saving the form, recording a score, an overdue mark) are not drawn: the diagram shows movement only.
 */
import type { AnyStateNode } from 'xstate';
import { caseMachineFor } from './case-machine.runtime';
import type { WorkflowDefinition } from './definition.types';

/** Substate ids are qualified (`publicity_awaiting`) because Mermaid ids are global and `awaiting` repeats. */
const nodeId = (node: AnyStateNode): string => node.path.join('_');
const children = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states) as AnyStateNode[];
const isInside = (node: AnyStateNode, ancestor: AnyStateNode): boolean => {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
};

interface Edge {
  from: string;
  to: string;
  label: string;
}

/** Movements out of `node`. A parent's transition into its own child is drawn from each sibling of that child. */
function edgesOf(node: AnyStateNode): Edge[] {
  const edges: Edge[] = [];
  for (const [eventType, transitions] of node.transitions) {
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        if (isInside(target, node)) {
          for (const sibling of children(node)) {
            if (sibling !== target) edges.push({ from: nodeId(sibling), to: nodeId(target), label: eventType });
          }
        } else if (target !== node) {
          edges.push({ from: nodeId(node), to: nodeId(target), label: eventType });
        }
      }
    }
  }
  return edges;
}

/** Edges that start and end inside `stage` go in its block; every other edge is drawn at the top level. */
function isInternal(edge: Edge, stage: AnyStateNode): boolean {
  const prefix = `${nodeId(stage)}_`;
  return edge.from.startsWith(prefix) && edge.to.startsWith(prefix);
}

export function toMermaid(definition: WorkflowDefinition): string {
  const root = caseMachineFor(definition).root as AnyStateNode;
  const lines = ['stateDiagram-v2', `    %% ${definition.name} (${definition.key} v${definition.version})`];
  const seen = new Set<string>();
  const line = (indent: string, e: Edge): void => {
    const key = `${e.from}>${e.to}>${e.label}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push(`${indent}${e.from} --> ${e.to} : ${e.label}`);
  };

  lines.push(`    [*] --> ${nodeId(root.initial.target[0]!)}`);
  for (const stage of children(root)) {
    const subs = children(stage);
    const edges = [stage, ...subs].flatMap(edgesOf);
    if (subs.length > 0) {
      lines.push(`    state ${nodeId(stage)} {`);
      for (const sub of subs) lines.push(`        state "${sub.key}" as ${nodeId(sub)}`);
      lines.push(`        [*] --> ${nodeId(stage.initial.target[0]!)}`);
      for (const e of edges) if (isInternal(e, stage)) line('        ', e);
      lines.push('    }');
    }
    for (const e of edges) if (!isInternal(e, stage)) line('    ', e);
    if (stage.type === 'final') lines.push(`    ${nodeId(stage)} --> [*]`);
  }
  return `${lines.join('\n')}\n`;
}
