import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDataDir } from './data-dir';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('prepareDataDir', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'shenbao-datadir-'));
    umask = process.umask();
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a missing directory 0700, and what the process creates afterwards is 0600 / 0700', () => {
    process.umask(0o022);
    const dir = join(root, 'nested', 'data');
    expect(prepareDataDir(dir)).toEqual([]);
    expect(modeOf(dir)).toBe(0o700);
    writeFileSync(join(dir, 'events.sqlite'), '');
    mkdirSync(join(dir, 'blobs'));
    expect(modeOf(join(dir, 'events.sqlite'))).toBe(0o600);
    expect(modeOf(join(dir, 'blobs'))).toBe(0o700);
  });

  it('tightens an existing 0755 directory and its 0644 files, and says so', () => {
    process.umask(0o022);
    const dir = join(root, 'old');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'events.sqlite'), 'x', { mode: 0o644 });
    writeFileSync(join(dir, 'events.sqlite-wal'), 'x', { mode: 0o644 });
    writeFileSync(join(dir, 'jwt-secret'), 'x', { mode: 0o600 });
    mkdirSync(join(dir, 'blobs'), { mode: 0o755 });
    chmodSync(dir, 0o755);

    const notices = prepareDataDir(dir);

    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'events.sqlite'))).toBe(0o600);
    expect(modeOf(join(dir, 'events.sqlite-wal'))).toBe(0o600);
    expect(modeOf(join(dir, 'blobs'))).toBe(0o700);
    expect(notices).toHaveLength(4);
    expect(notices[0]).toBe(`${dir} was readable by other users (mode 0755); changed to 0700.`);
    expect(notices.join('\n')).not.toContain('jwt-secret');
    expect(prepareDataDir(dir)).toEqual([]);
  });
});
