// Runs one of the apps' TypeScript entry points for an npm script: from the sources when they and @swc-node/register
// (a dev dependency) are there — always current, no build needed — otherwise from the compiled dist/ (`npm run
// build`), as in a production image without dev dependencies.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function canLoadTypeScript() {
  try {
    require.resolve('@swc-node/register', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

/** `entry`: the path from the repository root without extension, e.g. `apps/api/src/read-side/projections-rebuild.main`. */
module.exports = function runEntry(name, entry) {
  const source = join(root, `${entry}.ts`);
  const compiled = join(root, 'dist', `${entry}.js`);
  if (existsSync(source) && canLoadTypeScript()) {
    // swc-node reads tsconfig.json (path aliases, decorators) from the working directory.
    process.chdir(root);
    require(require.resolve('@swc-node/register', { paths: [root] }));
    require(source);
  } else if (existsSync(compiled)) {
    require(compiled);
  } else {
    console.error(`${name}: neither ${source} with @swc-node/register nor ${compiled} (run npm run build) is available.`);
    process.exit(1);
  }
};
