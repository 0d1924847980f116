#!/usr/bin/env node
// `npm run blobs:sweep`: runs apps/api/src/attachments/blobs-sweep.main.ts (see run-entry.cjs).
'use strict';
require('./run-entry.cjs')('blobs:sweep', 'apps/api/src/attachments/blobs-sweep.main');
