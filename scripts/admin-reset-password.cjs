#!/usr/bin/env node
// `npm run admin:reset-password`: runs apps/api/src/users/admin-reset-password.main.ts (see run-entry.cjs).
'use strict';
require('./run-entry.cjs')('admin:reset-password', 'apps/api/src/users/admin-reset-password.main');
