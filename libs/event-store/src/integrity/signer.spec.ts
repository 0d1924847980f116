import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigner } from './signer';
import { signTreeHead, verifyTreeHead } from './tree-head';

/** The SM2 check needs the openssl command line; without it the test fails saying how to get it (never skips). */
function openssl(args: string[]): string {
  try {
    return execFileSync('openssl', args).toString();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('the openssl command is missing: apt-get install -y openssl');
    throw e;
  }
}

describe.each(['ed25519', 'sm'] as const)('tree-head signer (%s)', (suite) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a 0600 key on first use, keeps it, and round-trips a signed tree head', () => {
    const first = loadOrCreateSigner(join(dir, 'keys'), suite);
    expect(first.created).toBe(true);
    expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    const again = loadOrCreateSigner(join(dir, 'keys'), suite);
    expect(again.created).toBe(false);
    expect(again.publicKey).toBe(first.publicKey);

    const head = signTreeHead(first, 12, Buffer.alloc(32, 7), new Date('2026-01-01T00:00:00Z'));
    expect(head.algorithm).toBe(suite === 'ed25519' ? 'ed25519' : 'sm2-sm3');
    expect(verifyTreeHead(head, again.publicKey)).toBe(true);
    expect(verifyTreeHead({ ...head, size: 13 }, again.publicKey)).toBe(false);
    expect(verifyTreeHead({ ...head, rootHash: '00'.repeat(32) }, again.publicKey)).toBe(false);
    const other = loadOrCreateSigner(join(dir, 'other'), suite);
    expect(verifyTreeHead(head, other.publicKey)).toBe(false);
  });

  it('gives processes that start at once on one empty key directory one key (replicas sharing INTEGRITY_KEY_DIR)', async () => {
    const keys = join(dir, 'shared');
    // Six processes load the signer at the same instant; each prints the public key it got.
    // They start together: each is up within a few seconds, then waits (busy) for the same instant.
    const at = Date.now() + 6000;
    const script = `const { loadOrCreateSigner } = require(${JSON.stringify(join(__dirname, 'signer.ts'))}); while (Date.now() < ${at}); process.stdout.write(JSON.stringify(loadOrCreateSigner(${JSON.stringify(keys)}, ${JSON.stringify(suite)})));`;
    const run = (): Promise<{ publicKey: string; created: boolean }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { publicKey: string; created: boolean }) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const got = await Promise.all(Array.from({ length: 6 }, run));
    expect(new Set(got.map((g) => g.publicKey)).size).toBe(1);
    expect(got.filter((g) => g.created)).toHaveLength(1);
    expect(got[0].publicKey).toBe(loadOrCreateSigner(keys, suite).publicKey);
    // No temporary file left behind.
    expect(readdirSync(keys)).toHaveLength(1);
  }, 60_000);

  it('refuses a key file of the other suite', () => {
    const keys = join(dir, 'keys');
    loadOrCreateSigner(keys, suite);
    const otherSuite = suite === 'ed25519' ? 'sm' : 'ed25519';
    const own = loadOrCreateSigner(join(dir, 'x'), otherSuite);
    writeFileSync(join(keys, own.keyPath.split('/').pop() as string), readFileSync(join(keys, loadOrCreateSigner(keys, suite).keyPath.split('/').pop() as string)));
    expect(() => loadOrCreateSigner(keys, otherSuite)).toThrow(/not the .* key INTEGRITY_ALGORITHM=/);
  });

  // Only the SM suite has SM2 signatures to check against OpenSSL's own SM2 verifier.
  if (suite !== 'sm') return;
  it('makes genuine SM2 signatures (the openssl CLI verifies them with the default signer id)', () => {
    const signer = loadOrCreateSigner(join(dir, 'keys'), suite);
    const message = Buffer.from('申报 tree head');
    writeFileSync(join(dir, 'msg'), message);
    writeFileSync(join(dir, 'sig'), signer.sign(message));
    writeFileSync(join(dir, 'pub.pem'), signer.publicKey);
    const out = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig'), '-digest', 'sm3']);
    expect(out).toContain('Signature Verified Successfully');
  });
});
