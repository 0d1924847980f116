/**
 * Where the server's main thread spent the measured window: reads the `.cpuprofile` that `node --cpu-prof` wrote
 * on exit and sums sample time by package / source folder and by function, for samples inside [fromUs, toUs]
 * (V8 profile timestamps and this process's `process.hrtime` share the monotonic clock on Linux).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  windowMs: number;
  /** Share of the window, in percent, rounded to 0.1. */
  byArea: [string, number][];
  byFunction: [string, number][];
}

/** node_modules package, node core module, or our source folder (dist/apps/api/src/cases, …). */
function areaOf(url: string, functionName: string): string {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1).split('/').slice(0, 5).join('/') : url;
}

const top = (m: Map<string, number>, total: number, n: number): [string, number][] =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, Math.round((v / total) * 1000) / 10]);

export function summarizeProfile(dir: string, fromUs: number, toUs: number): ProfileSummary | undefined {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < fromUs || t > toUs) return;
    total += dt;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  });
  if (total === 0) return undefined;
  return { file: join(dir, file), windowMs: Math.round(total / 1000), byArea: top(byArea, total, 15), byFunction: top(byFunction, total, 15) };
}

export function printProfile(s: ProfileSummary): void {
  console.log(`\nserver main thread, measured window (${s.windowMs} ms of samples; ${s.file}) — self time:`);
  const rows = (title: string, list: [string, number][]): void => {
    console.log(`  ${title}`);
    for (const [k, pct] of list) console.log(`    ${pct.toFixed(1).padStart(5)} %  ${k}`);
  };
  rows('by package / source folder', s.byArea);
  rows('by function', s.byFunction);
}
