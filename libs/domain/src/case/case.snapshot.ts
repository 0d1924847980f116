/**
 * Snapshot keys for case streams. A snapshot is only reused by the same fold: same workflow version (the machine is
 * built from it) and the same fold code (a fingerprint of case.state.ts's functions and of the machine's
 * configuration). Anything else misses the snapshot and folds from the log, so changing the code never needs a
 * manual cache flush.
 */
import { createHash } from 'node:crypto';
import { caseMachineFor, type WorkflowDefinition } from '@shenbao/workflows';
import { CASE_FOLD_CODE } from './case.state';

const keys = new Map<string, string>();

export function caseSnapshotKey(definition: WorkflowDefinition): string {
  const id = `${definition.key}@${definition.version}`;
  let key = keys.get(id);
  if (!key) {
    const machine = caseMachineFor(definition);
    const fingerprint = createHash('sha256')
      .update(CASE_FOLD_CODE)
      .update(JSON.stringify(machine.config, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v)))
      .update(JSON.stringify(definition))
      .digest('hex')
      .slice(0, 16);
    key = `case:${id}:${fingerprint}`;
    keys.set(id, key);
  }
  return key;
}
