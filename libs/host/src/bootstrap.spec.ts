import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configOrExit } from './bootstrap';
import { ConfigError } from './config/app-config';

describe('configOrExit', () => {
  let dir: string;
  let exit: jest.SpyInstance;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-host-'));
    exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    exit.mockRestore();
    stderr.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the validated configuration when it and the check pass', () => {
    const config = configOrExit(() => undefined, { DATA_DIR: dir, PORT: '4321' });
    expect(config.port).toBe(4321);
    expect(exit).not.toHaveBeenCalled();
  });

  it('prints every problem and exits 1 on a bad configuration', () => {
    expect(() => configOrExit(undefined, { DATA_DIR: dir, PORT: 'abc' })).toThrow('exit 1');
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('PORT must be an integer from 1 to 65535 (got "abc")'));
  });

  it("exits 1 when the process's own check refuses the configuration", () => {
    const check = () => {
      throw new ConfigError(['apps/worker needs REDIS_URL']);
    };
    expect(() => configOrExit(check, { DATA_DIR: dir })).toThrow('exit 1');
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('apps/worker needs REDIS_URL'));
  });

  it('rethrows anything that is not a configuration problem', () => {
    expect(() => configOrExit(() => {
      throw new TypeError('a bug');
    }, { DATA_DIR: dir })).toThrow('a bug');
    expect(exit).not.toHaveBeenCalled();
  });
});
