/**
 * The worker container's health check (docker/compose.yml): `node dist/apps/worker/src/healthcheck.js` exits 0 when
 * the worker's last heartbeat (heartbeat.ts) was good and recent, 1 otherwise, printing why. Reads the worker's own
 * environment, so DATA_DIR is the same.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '@shenbao/host';
import { heartbeatFile, judgeHeartbeat } from './heartbeat';

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const { healthy, message } = judgeHeartbeat(read(heartbeatFile(loadConfig().dataDir)), Date.now());
process.stdout.write(`worker ${message}\n`);
process.exit(healthy ? 0 : 1);
