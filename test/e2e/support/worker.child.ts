/**
 * apps/worker in a process of its own, for the e2e test that kills the lease holder with SIGKILL
 * (postgres-lease-failover.e2e-spec.ts; the parent's side is worker-process.ts). The configuration comes from the
 * environment (the PostgresWorld's, with a DATA_DIR of its own); its clock runs `offsetMs` (argv) ahead of the real
 * one, so it agrees with the parent's LiveClock. Prints `ready` once started, then `deadlines held` / `deadlines
 * standby` whenever its deadlines lease changes hands.
 * Run: node -r @swc-node/register test/e2e/support/worker.child.ts <offsetMs>
 */
import { Leases } from '@shenbao/commands';
import { loadConfig } from '@shenbao/host';
import { createWorker } from '../../../apps/worker/src/worker.app';

const offsetMs = Number(process.argv[2]);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (!Number.isFinite(offsetMs)) throw new Error(`usage: worker.child.ts <offsetMs>, got ${process.argv[2]}`);
  const worker = await createWorker(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }), { clock: () => new Date(Date.now() + offsetMs) });
  say('ready');
  const leases = worker.get(Leases);
  let last: boolean | undefined;
  setInterval(() => {
    const held = leases.states().deadlines?.held ?? false;
    if (held !== last) say(`deadlines ${held ? 'held' : 'standby'}`);
    last = held;
  }, 50);
  const stop = (): void => void worker.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
