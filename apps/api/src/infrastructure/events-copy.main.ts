/**
 * Entry of `npm run events:copy -- --from sqlite:<DATA_DIR> --to postgres[:<DATABASE_URL>] [--schema <name>]
 * [--batch-size <n>]` (see events-copy.ts). `--to postgres` alone takes DATABASE_URL from the environment; `--schema` defaults to
 * DATABASE_SCHEMA, else `public` (where the API reads with EVENT_STORE=postgres). Progress
 * (events/s) goes to stderr, the verification report to stdout; exit code 1 with a message on any refusal or mismatch.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '@shenbao/host';
import { copyEvents } from './events-copy';

function parse(): { dataDir: string; databaseUrl: string; schema?: string; batchSize?: number } {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, schema: { type: 'string' }, 'batch-size': { type: 'string' } },
    allowPositionals: false,
  });
  const errors: string[] = [];
  const from = values.from ?? '';
  if (!from.startsWith('sqlite:') || from.length === 'sqlite:'.length) errors.push('--from must be sqlite:<DATA_DIR> (the embedded installation\'s data directory)');
  const to = values.to ?? '';
  const databaseUrl = to === 'postgres' ? process.env.DATABASE_URL ?? '' : to.startsWith('postgres:') ? to.slice('postgres:'.length) : '';
  if (to !== 'postgres' && !to.startsWith('postgres:')) errors.push('--to must be postgres (DATABASE_URL from the environment) or postgres:<DATABASE_URL>');
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) errors.push(`--to: the database URL must be postgres://… or postgresql://…, got ${databaseUrl === '' ? 'nothing (is DATABASE_URL set?)' : 'another form'}`);
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && !Number.isInteger(batchSize)) errors.push(`--batch-size must be an integer, got ${values['batch-size']}`);
  if (errors.length > 0) throw new ConfigError(errors);
  // The schema the API reads with EVENT_STORE=postgres: DATABASE_SCHEMA, else public (its default).
  const schema = values.schema ?? (process.env.DATABASE_SCHEMA?.trim() || 'public');
  return { dataDir: from.slice('sqlite:'.length), databaseUrl, schema, batchSize };
}

async function main(): Promise<void> {
  const options = parse();
  let shown = 0;
  const report = await copyEvents({
    ...options,
    onProgress: (p) => {
      const now = Date.now();
      if (now - shown < 1000 && p.position < p.last) return;
      shown = now;
      process.stderr.write(`events:copy: position ${p.position} of ${p.last}, ${p.copied} copied, ${Math.round(p.rate)} events/s\n`);
    },
  });
  const v = report.verification!;
  const resumed = report.resumedFrom > 0 ? ` (resumed after position ${report.resumedFrom})` : '';
  const copied =
    report.copied === 0
      ? `nothing left to copy: the target already held every position up to ${report.resumedFrom}`
      : `copied ${report.copied} events in ${report.seconds.toFixed(1)} s${resumed}, ${Math.round(report.copied / Math.max(report.seconds, 1e-3))} events/s`;
  process.stdout.write(
    `events:copy: ${copied}.\n` +
      `Verified: source ${v.sourceCount} events up to position ${v.sourceLast}; target ${v.targetCount} events up to position ${v.targetLast}; ${v.streams} streams' hash chains recomputed.\n`,
  );
  if (!v.ok) {
    process.stderr.write(`events:copy: VERIFICATION FAILED:\n${v.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('events:copy: the target matches the source, row for row.\n');
  process.stdout.write(`events:copy: ${report.credentials ?? 0} password hash(es) copied to user_credentials (rows already there kept).\n`);
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`events:copy failed: ${message}\n`);
  process.exit(1);
});
