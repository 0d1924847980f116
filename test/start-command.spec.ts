/**
 * `npm start`, the Docker image and the HTTP benchmark start the API the same way (scripts/start-command.cjs), so
 * what the benchmark measures is what runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS script the benchmark reads too
const { NODE_FLAGS, API_MAIN } = require('../scripts/start-command.cjs') as { NODE_FLAGS: string[]; API_MAIN: string };

describe('how the API is started', () => {
  const command = ['node', ...NODE_FLAGS, API_MAIN];

  it('npm start runs node with the shared flags on the built API', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start.split(/\s+/)).toEqual(command);
  });

  it('the Docker image runs the same command', () => {
    const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(command);
  });

  it('the flags are ones this Node accepts', () => {
    for (const flag of NODE_FLAGS) expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0])).toBe(true);
  });
});
