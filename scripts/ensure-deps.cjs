#!/usr/bin/env node
// Installs dependencies when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work straight after `git clone`. Uses `npm ci` (exact lock) when possible.
'use strict';
const { existsSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.deps-stamp');

function stale() {
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(stamp)) return 'node_modules was not installed from this lock';
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(stamp).mtimeMs) return 'package-lock.json is newer than node_modules';
  return null;
}

const why = stale();
if (why) {
  console.log(`[ensure-deps] ${why}: installing dependencies (first run compiles better-sqlite3, ~1-2 min)…`);
  execSync(existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString() + '\n');
}
