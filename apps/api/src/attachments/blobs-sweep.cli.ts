/** The command line of `npm run blobs:sweep` (blobs-sweep.main.ts) and what it prints. */
import { DEFAULT_SWEEP_AGE_MS } from './fs-blob-sweep';
import type { BlobSweepReport } from './fs-blob-sweep';

export interface SweepArguments {
  remove: boolean;
  olderThanMs: number;
}

const USAGE = 'usage: npm run blobs:sweep [-- --remove] [--older-than <hours, default 24>]';

/** The command line; a wrong one is refused naming the argument and the rule. */
export function parseSweepArguments(argv: readonly string[]): SweepArguments {
  const parsed: SweepArguments = { remove: false, olderThanMs: DEFAULT_SWEEP_AGE_MS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--remove') parsed.remove = true;
    else if (arg === '--older-than') {
      const value = argv[++i];
      const hours = value === undefined ? Number.NaN : Number(value);
      if (value === undefined || value.trim() === '' || !Number.isFinite(hours) || hours < 1) {
        throw new Error(`--older-than must be a number of hours >= 1 (uploads keep their bytes moments before their event), got ${value ?? 'nothing'}\n${USAGE}`);
      }
      parsed.olderThanMs = hours * 60 * 60 * 1000;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return parsed;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export function describeSweep(report: BlobSweepReport, args: SweepArguments): string {
  const bytes = (files: { bytes: number }[]): number => files.reduce((sum, f) => sum + f.bytes, 0);
  const lines = [
    `Read the log up to position ${report.position}: ${report.blobs} blob(s) on disk, ${report.named} named by an event.`,
    `Older than ${args.olderThanMs / 3_600_000} h and named by no event: ${report.unnamed.length} blob(s), ${mb(bytes(report.unnamed))}.`,
    ...report.unnamed.map((f) => `  ${f.name}  ${f.bytes} bytes  written ${f.modifiedAt}`),
    `Partial uploads left by a process that died: ${report.partial.length}, ${mb(bytes(report.partial))}.`,
    ...report.partial.map((f) => `  tmp/${f.name}  ${f.bytes} bytes  written ${f.modifiedAt}`),
    `Newer, left alone: ${report.young}.`,
  ];
  if (report.interrupted > 0) {
    lines.push(
      report.removed
        ? `Put back first: ${report.interrupted} blob(s) an interrupted sweep had moved aside.`
        : `An interrupted sweep left ${report.interrupted} blob(s) moved aside in tmp/: run with -- --remove to put them back first.`,
    );
  }
  if (!report.removed) lines.push(report.unnamed.length + report.partial.length > 0 ? 'Nothing removed: run again with -- --remove to remove them.' : 'Nothing to remove.');
  else {
    if (report.restored.length > 0) lines.push(`Put back, in use after all (an upload or an event came meanwhile): ${report.restored.join(', ')}.`);
    lines.push(`Removed ${mb(report.removedBytes)}.`);
  }
  return `${lines.join('\n')}\n`;
}
