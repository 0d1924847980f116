/**
 * Where a worker thread's script is: the built `.js` beside the caller (npm start), or else its TypeScript source,
 * loaded through @swc-node/register (tests, start:dev). Used by every worker thread the API starts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function workerScript(dir: string, name: string): { file: string; execArgv: string[] } {
  const js = join(dir, `${name}.js`);
  if (existsSync(js)) return { file: js, execArgv: [] };
  return { file: join(dir, `${name}.ts`), execArgv: ['-r', '@swc-node/register'] };
}
