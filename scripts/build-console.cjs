#!/usr/bin/env node
// Builds the web console (apps/console) with Vite into dist/console, which the API serves at /. Records a hash of
// its sources so `--if-stale` (npm test's pretest, the browser suite's setup) rebuilds only when they changed.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const app = join(root, 'apps', 'console');
const out = join(root, 'dist', 'console');
const stamp = join(out, '.source-hash');
// Besides apps/console: the stage names it takes from the workflows, the application's completeness rules it takes
// from the domain (the 'still missing' list), and the lock (package versions).
const rules = join(root, 'libs', 'domain', 'src', 'rules');
const extra = [
  join(root, 'workflows', 'src', 'definition.types.ts'),
  join(rules, 'application-completeness.rules.ts'),
  join(rules, 'formats.ts'),
  join(root, 'package-lock.json'),
];

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...walk(app), ...extra]) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const isFresh = () => existsSync(join(out, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceHash();

async function buildConsole() {
  const started = Date.now();
  // Always React's production build, also when run under Jest (NODE_ENV=test) or with NODE_ENV unset.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  // Built beside and then moved in place, so that two test files building at once never see a half-written folder.
  const temp = `${out}.tmp-${process.pid}`;
  await build({ configFile: join(app, 'vite.config.mts'), mode: 'production', logLevel: 'warn', build: { outDir: temp } });
  writeFileSync(join(temp, '.source-hash'), sourceHash());
  rmSync(out, { recursive: true, force: true });
  renameSync(temp, out);
  console.log(`[build] console built to ${relative(process.cwd(), out) || out} in ${Date.now() - started} ms`);
}

/** Builds unless dist/console was built from the current sources. */
async function ensureConsoleBuilt() {
  if (!isFresh()) await buildConsole();
}

module.exports = { buildConsole, ensureConsoleBuilt, consoleDir: out };

if (require.main === module) {
  (process.argv.includes('--if-stale') ? ensureConsoleBuilt() : buildConsole()).catch((e) => {
    console.error('[build] console failed:', e);
    process.exit(1);
  });
}
