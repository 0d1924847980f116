#!/usr/bin/env node
// `npm run events:copy`: runs apps/api/src/infrastructure/events-copy.main.ts (see run-entry.cjs).
'use strict';
require('./run-entry.cjs')('events:copy', 'apps/api/src/infrastructure/events-copy.main');
