/**
 * The console's API types (apps/console/src/api/schema.d.ts) are generated from the app's OpenAPI document: this
 * fails when an API change left them stale. Fix: `npm run console:api-types` and commit the file.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe('console API types', () => {
  it('match the OpenAPI document of the current API', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/console-api-types.ts', '--check'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 70_000);
});
