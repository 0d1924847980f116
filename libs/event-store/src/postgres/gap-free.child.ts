/**
 * One writer process of the gap-free test (gap-free.int.spec.ts): opens the store, says `ready`, waits for `go` on
 * stdin, then appends for the given seconds from several concurrent loops — one or two streams per append (a case
 * stream alone, or with its loop's program stream, as the cross-case rules do), one to three events each — and prints
 * what it stored as JSON: {"appends": n, "events": n}.
 * Run: node -r @swc-node/register gap-free.child.ts <database url> <schema> <seconds> <name>
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent, StreamWrite } from '../port';
import { PostgresEventStore } from './postgres.event-store';

const [url, schema, seconds, name] = process.argv.slice(2);
const LOOPS = 4;

function event(loop: number, i: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'GapFreeTested',
    data: { writer: name, loop, i },
    metadata: { actor: name, role: 'system', at: new Date().toISOString(), correlationId: `${name}-${loop}`, causationId: `${name}-${loop}-${i}`, schemaVersion: 1 },
  };
}

async function main(): Promise<void> {
  const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: LOOPS });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy(); // an open stdin would keep this process alive after the run
  const until = Date.now() + Number(seconds) * 1000;
  let appends = 0;
  let events = 0;
  await Promise.all(
    Array.from({ length: LOOPS }, async (_, loop) => {
      const revisions = new Map<string, number>();
      const program = `program-${name}-${loop}`;
      for (let i = 0; Date.now() < until; i += 1) {
        const streams = [`case-${name}-${loop}-${i % 10}`, ...(i % 3 === 0 ? [program] : [])];
        const writes: StreamWrite[] = streams.map((stream) => ({
          stream,
          expectedRevision: revisions.get(stream) ?? 'no_stream',
          events: Array.from({ length: 1 + (i % 3) }, () => event(loop, i)),
        }));
        const result = await store.append(writes);
        for (const s of result.streams) revisions.set(s.stream, s.revision);
        appends += 1;
        events += result.events.length;
      }
    }),
  );
  await store.close();
  process.stdout.write(`${JSON.stringify({ appends, events })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
