/**
 * `npm run openapi`: writes docs/openapi.json, the OpenAPI document the API serves at /api/docs-json, taken from the
 * app booted on a temporary DATA_DIR (nothing listens). `npm run openapi -- --check` only compares and exits 1 when
 * the file is not current; test/e2e/openapi.e2e-spec.ts makes the same comparison in the suite.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '@shenbao/host';
import { OPENAPI_FILE, servedOpenApiText } from '../apps/api/src/openapi/openapi-document';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-openapi-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'Openapi-Generator-1', LOG_LEVEL: 'silent' });
    const app = await createApp(config, { passwordHashing: 'fast', adminPasswordSink: () => undefined });
    const text = await servedOpenApiText(app);
    await app.close();
    const file = join(__dirname, '..', OPENAPI_FILE);
    const name = relative(process.cwd(), file);
    if (process.argv.includes('--check')) {
      const current = readFileSync(file, 'utf8') === text;
      console.log(current ? `[openapi] ${name} is current` : `[openapi] ${name} is out of date: run npm run openapi`);
      process.exitCode = current ? 0 : 1;
    } else {
      writeFileSync(file, text);
      console.log(`[openapi] wrote ${name}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('[openapi] failed:', e);
  process.exit(1);
});
