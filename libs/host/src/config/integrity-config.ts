/**
 * The integrity variables (issue #16), parsed here so app-config.ts stays readable; `parseConfig` calls
 * `parseIntegrityConfig` and lists them in ENV_VARS.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { EnvVarName } from './app-config';

export type IntegritySink = { kind: 'file'; path: string } | { kind: 'webhook'; url: string };

export interface IntegrityConfig {
  /** `ed25519` (SHA-256 tree) or `sm` (SM2 signatures with SM3, SM3 tree). */
  algorithm: 'ed25519' | 'sm';
  /** Where the tree-head signing key lives: never the event database file. */
  keyDir: string;
  sink?: IntegritySink;
  /** A tree head is signed once this many events were appended since the last one. */
  treeHeadEvents: number;
  /** …or once this long passed with new events. */
  treeHeadIntervalMs: number;
  /** How often the whole log is swept again in the background (0: only at start). */
  sweepIntervalMs: number;
}

export const INTEGRITY_ENV_VARS = {
  INTEGRITY_ALGORITHM: 'ed25519 | sm: how tree heads of the event log are signed, Ed25519 (SHA-256 Merkle tree) or SM2 with SM3 (SM3 Merkle tree), default ed25519',
  INTEGRITY_KEY_DIR: 'directory of the tree-head signing key (made on first start, mode 0600, kept apart from events.sqlite), default DATA_DIR/keys; keep a copy elsewhere',
  INTEGRITY_SINK: 'file:<path> (appends each signed tree head as a JSON line) or webhook:<http(s) url> (POSTs it, with retries); unset means the log only',
  INTEGRITY_TREE_HEAD_EVENTS: 'events after which a new tree head is signed (1–10000000), default 1000',
  INTEGRITY_TREE_HEAD_INTERVAL_MS: 'or after this long with new events, in ms (1000–86400000), default 600000',
  INTEGRITY_SWEEP_INTERVAL_MS: 'how often the whole log is checked again in the background, in ms (0 = only after start, else 60000–604800000), default 3600000',
} as const;

type Get = (name: EnvVarName) => string | undefined;

export function parseIntegrityConfig(get: Get, dataDir: string, problems: string[]): IntegrityConfig {
  const rawAlgorithm = get('INTEGRITY_ALGORITHM')?.toLowerCase();
  let algorithm: IntegrityConfig['algorithm'] = 'ed25519';
  if (rawAlgorithm === 'sm' || rawAlgorithm === 'ed25519') algorithm = rawAlgorithm;
  else if (rawAlgorithm !== undefined) problems.push(`INTEGRITY_ALGORITHM must be one of ed25519, sm (got "${rawAlgorithm}")`);
  const keyDir = resolve(get('INTEGRITY_KEY_DIR') ?? join(dataDir, 'keys'));
  const int = (name: EnvVarName, min: number, max: number, fallback: number, zero = false): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (/^\d+$/.test(raw) && ((n >= min && n <= max) || (zero && n === 0))) return n;
    problems.push(`${name} must be an integer from ${min} to ${max}${zero ? ' or 0' : ''} (got "${raw}")`);
    return fallback;
  };
  return {
    algorithm,
    keyDir,
    ...sinkOf(get('INTEGRITY_SINK'), problems),
    treeHeadEvents: int('INTEGRITY_TREE_HEAD_EVENTS', 1, 10_000_000, 1000),
    treeHeadIntervalMs: int('INTEGRITY_TREE_HEAD_INTERVAL_MS', 1000, 86_400_000, 600_000),
    sweepIntervalMs: int('INTEGRITY_SWEEP_INTERVAL_MS', 60_000, 604_800_000, 3_600_000, true),
  };
}

function sinkOf(raw: string | undefined, problems: string[]): { sink?: IntegritySink } {
  if (raw === undefined) return {};
  if (raw.startsWith('file:')) {
    const path = raw.slice('file:'.length);
    if (path === '' || !isAbsolute(path)) {
      problems.push(`INTEGRITY_SINK file:<path> needs an absolute path (got "${raw}")`);
      return {};
    }
    return { sink: { kind: 'file', path } };
  }
  if (raw.startsWith('webhook:')) {
    const url = raw.slice('webhook:'.length);
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return { sink: { kind: 'webhook', url } };
    } catch {
      /* reported below */
    }
    problems.push(`INTEGRITY_SINK webhook:<url> needs an http:// or https:// URL (got "${raw}")`);
    return {};
  }
  problems.push(`INTEGRITY_SINK must be file:<absolute path> or webhook:<http(s) url> (got "${raw}")`);
  return {};
}
