#!/usr/bin/env node
// `npm run projections:rebuild`: runs apps/api/src/read-side/projections-rebuild.main.ts (see run-entry.cjs).
'use strict';
require('./run-entry.cjs')('projections:rebuild', 'apps/api/src/read-side/projections-rebuild.main');
