#!/usr/bin/env node
// Compiles apps/, libs/ and workflows/ to runnable CommonJS in dist/ (same layout as the sources) with swc:
// decorators and their metadata as Nest needs them, and the @shenbao/* aliases rewritten to relative paths, so
// `node dist/apps/api/src/main.js` runs without a loader; then the web console with Vite into dist/console
// (build-console.cjs). Type-checking is `npm run typecheck`'s job, not this one.
'use strict';
const { readdirSync, readFileSync, mkdirSync, writeFileSync, copyFileSync, rmSync, existsSync } = require('node:fs');
const { join, relative, dirname } = require('node:path');
const swc = require('@swc/core');
const { buildConsole } = require('./build-console.cjs');

const root = join(__dirname, '..');
const out = join(root, 'dist');
const sources = ['apps', 'libs', 'workflows'];
// The console is a browser app: Vite builds it, not swc.
const browserOnly = join(root, 'apps', 'console');
const skip = /\.(spec|int\.spec|e2e-spec)\.ts$|\.d\.ts$/;
const assets = /\.(json|mmd|sql)$/; // .sql: the PostgreSQL event store's migrations

// The aliases come from tsconfig.json, so there is one list of them.
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const paths = tsconfig.compilerOptions.paths;

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (p === browserOnly) continue;
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const options = (filename) => ({
  filename,
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    baseUrl: root,
    paths,
    keepClassNames: true,
  },
  module: { type: 'commonjs', strict: true },
});

async function main() {
  const started = Date.now();
  rmSync(out, { recursive: true, force: true });
  let compiled = 0;
  const jobs = [];
  for (const source of sources) {
    for (const file of walk(join(root, source))) {
      const rel = relative(root, file);
      if (file.endsWith('.ts') && !skip.test(file)) {
        jobs.push(
          swc.transformFile(file, options(file)).then((result) => {
            const target = join(out, rel.replace(/\.ts$/, '.js'));
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, `${result.code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
            if (result.map) writeFileSync(`${target}.map`, result.map);
            compiled++;
          }),
        );
      } else if (assets.test(file)) {
        const target = join(out, rel);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
      }
    }
  }
  await Promise.all(jobs);
  console.log(`[build] ${compiled} files compiled to ${relative(process.cwd(), out) || out} in ${Date.now() - started} ms`);
  await buildConsole();
}

main().catch((e) => {
  console.error('[build] failed:', e);
  process.exit(1);
});
