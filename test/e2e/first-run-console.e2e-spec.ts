/**
 * The README's two commands on a fresh checkout: `npm start` (here its entry point, apps/api/src/main.ts, on an empty
 * DATA_DIR without ADMIN_PASSWORD) must print a short console whose last lines are where it listens and the box with
 * admin's generated password and the tour command; and that command, run as printed, must take the tour through.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts main.ts and resolves with its stdout once the first-start box is complete. */
function startUntilBox(env: NodeJS.ProcessEnv): { child: ChildProcess; output: Promise<string> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const output = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (/╚═+╝\n/.test(stdout)) resolve(stdout);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`main.ts exited (${code}) before printing the box:\n${stdout}\n${stderr}`)));
  });
  return { child, output };
}

describe('first run on the console (e2e)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shenbao-first-run-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends with the URL and the password box, and the tour runs with the command the box gives', async () => {
    const port = await freePort();
    const started = startUntilBox({ PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port) });
    child = started.child;
    const stdout = await started.output;

    const lines = stdout.split('\n');
    expect(lines.filter((l) => /Mapped \{|dependencies initialized|RoutesResolver/.test(l))).toEqual([]);
    const logLines = lines.filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeLessThanOrEqual(12);
    // What follows the "listening" line, less any log line a background consumer wrote meanwhile.
    const listening = lines.findIndex((l) => l.includes('"context":"Main"'));
    expect(listening).toBeGreaterThanOrEqual(0);
    const afterLogs = lines.slice(listening + 1).filter((l) => !l.startsWith('{')).join('\n');
    expect(afterLogs).toContain(`Shenbao is running at http://localhost:${port}`);
    expect(afterLogs.indexOf('Shenbao is running')).toBeLessThan(afterLogs.indexOf('╔'));
    expect(afterLogs.trimEnd().split('\n').pop()).toMatch(/^╚═+╝$/);

    const command = /(ADMIN_PASSWORD='\S+' API=\S+ bash docs\/tour\.sh)/.exec(afterLogs)?.[1];
    expect(command).toBe(command && `ADMIN_PASSWORD='${/password: (\S+)/.exec(afterLogs)?.[1]}' API=http://localhost:${port}/api/v1 bash docs/tour.sh`);
    const tour = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', command!], { cwd: ROOT, timeout: 90_000 }, (error, out, err) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: out, stderr: err });
      });
    });
    expect({ code: tour.code, stderr: tour.stderr }).toEqual({ code: 0, stderr: '' });
    expect(tour.stdout).toContain('ApprovalGranted');
  }, 150_000);
});
