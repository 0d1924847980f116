/**
 * Canonical JSON (libs/event-store hash-chain.ts) over a saved application form, with its SHA-256, as every save runs
 * it twice (the Idempotency-Key fingerprint of the body and the event's hash). Compares the current writer with the
 * session-3 one (string concatenation over `Object.keys().sort()`, kept here as the baseline) and checks they give the
 * same text. Allocation per call is printed from V8's own counters when run with --trace-gc-nvp (see BENCHMARKS.md).
 * Run: npm run bench:canonical   (BENCH_CALLS overrides the number of calls per round). Last stdout line: JSON.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@shenbao/event-store';
import { completeApplication } from '../libs/domain/src/rules/application.fixture';

const CALLS = Number(process.env.BENCH_CALLS ?? 50_000);
const ROUNDS = 5;

/** The session-3 writer, unchanged. */
function baseline(input: unknown): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object') {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') value = withToJson.toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i += 1) text += `${i ? ',' : ''}${baseline(value[i]) ?? 'null'}`;
        return `${text}]`;
      }
      const object = value as Record<string, unknown>;
      let text = '{';
      for (const key of Object.keys(object).sort()) {
        const member = baseline(object[key]);
        if (member === undefined) continue;
        text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${member}`;
      }
      return `${text}}`;
    }
    default:
      return undefined;
  }
}

function microsPerCall(write: (v: unknown) => string | undefined, value: unknown): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i += 1) createHash('sha256').update(write(value) ?? '').digest('hex');
  return Number(process.hrtime.bigint() - started) / CALLS / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  // The body of PUT /cases/:id/application as a client sends it (keys in form order), inside the event's data.
  const data = { application: completeApplication() };
  const text = canonicalJson(data);
  if (baseline(data) !== text) throw new Error('the current writer and the baseline disagree');
  const current: number[] = [];
  const old: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    old.push(microsPerCall(baseline, data));
    current.push(microsPerCall(canonicalJson, data));
  }
  const result = { bench: 'canonical-json', node: process.version, textChars: text.length, calls: CALLS * ROUNDS, baselineUs: median(old), currentUs: median(current) };
  console.log(`canonical JSON + SHA-256 of a ${text.length}-character application: baseline ${result.baselineUs.toFixed(2)} µs, current ${result.currentUs.toFixed(2)} µs per call (median of ${ROUNDS} rounds of ${CALLS})`);
  console.log(JSON.stringify(result));
}

main();
