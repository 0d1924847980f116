/**
 * The integrity check of the running app (issue #16). At start it loads what was verified before (integrity.store),
 * checks the last signed tree head against the verified tree and its key, and verifies what was appended since (only
 * that: start-up stays fast); then a follower on the LogFollower kernel verifies every new append, and a background
 * sweep re-reads the whole log in chunks (after start and every INTEGRITY_SWEEP_INTERVAL_MS) to catch what was changed
 * behind the app's back. An incident is logged (error), counted in /metrics, kept, shown in /health and
 * GET /integrity, and its stream takes no more events (IntegrityGuard). Tree heads are signed every
 * INTEGRITY_TREE_HEAD_EVENTS events or INTEGRITY_TREE_HEAD_INTERVAL_MS, and on demand (tree-heads.ts).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ChainAuditor, LogFollower, SUITES, loadOrCreateSigner, verifyTreeHead } from '@shenbao/event-store';
import type { BlobIncidentKind, EventStore, Finding, IntegrityIncident, SignedTreeHead, StreamHead, TreeHeadSigner } from '@shenbao/event-store';
import type { AppConfig } from '@shenbao/host';
import type { AppDatabase } from '@shenbao/commands';
import { IntegrityGuard, MetricsService } from '@shenbao/commands';
import { APP_CONFIG, APP_DATABASE, CLOCK, EVENT_STORE } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { logRows } from './integrity-rows';
import type { LogRows } from './integrity-rows';
import { IntegrityStore } from './integrity.store';
import { TREE_HEAD_STREAM, TreeHeads } from './tree-heads';

const CHUNK = 2000;
/** Leaves hashed into the tree per step of the background build. */
const TREE_STEP = 4096;

@Injectable()
export class IntegrityService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly store: IntegrityStore;
  private readonly rows: LogRows;
  private readonly signer: TreeHeadSigner;
  private auditor!: ChainAuditor;
  private follower!: LogFollower;
  private incidentList: IntegrityIncident[] = [];
  readonly treeHeads: TreeHeads;
  private sweeping: Promise<void> | undefined;
  private background: Promise<void> | undefined;
  private treeChecked: Promise<void> | undefined;
  /** The tree is hashed up to the log (a start builds it in steps in the background). */
  private treeReady = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_DATABASE) db: AppDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly guard: IntegrityGuard,
  ) {
    this.store = new IntegrityStore(db);
    this.rows = logRows(events);
    this.signer = loadOrCreateSigner(config.integrity.keyDir, config.integrity.algorithm);
    if (this.signer.created) {
      this.logger.warn(`Tree-head signing key (${this.signer.algorithm}) created at ${this.signer.keyPath}; keep a copy apart from DATA_DIR. Its public key:\n${this.signer.publicKey}`);
    }
    this.treeHeads = new TreeHeads(events, this.signer, this.store, config.integrity, clock, this.logger);
  }

  get publicKey(): string {
    return this.signer.publicKey;
  }

  get verifiedThrough(): number {
    return this.auditor.position;
  }

  get tree(): ChainAuditor['tree'] {
    return this.auditor.tree;
  }

  /** Resolves once the tree is built after a start and the last signed head checked against it (benchmarks, tests). */
  async whenTreeChecked(): Promise<void> {
    await this.treeChecked;
  }

  /** True once the check has verified through `position`, false after `timeoutMs`. */
  async waitVerified(position: number, timeoutMs: number): Promise<boolean> {
    if (this.auditor.position >= position) return true;
    void this.follower.catchUp().catch(() => undefined);
    return this.follower.waitFor(position, timeoutMs);
  }

  incidents(): IntegrityIncident[] {
    return this.incidentList;
  }

  async onApplicationBootstrap(): Promise<void> {
    const state = this.store.load();
    this.auditor = new ChainAuditor(SUITES[this.config.integrity.algorithm].tree, state.position, state.streams);
    for (const [stream, hash] of state.leaves) this.auditor.take(stream, hash);
    this.incidentList = state.incidents;
    for (const incident of state.incidents) this.guard.add(incident);
    if (state.leaves.length !== state.position) {
      this.raise(this.stamp([{ stream: '', position: state.leaves.length + 1, kind: 'treeHeadMismatch', detail: `the verified state holds ${state.leaves.length} event hashes for ${state.position} verified positions` }]));
    }
    this.treeHeads.restore(state.treeHead);
    this.follower = new LogFollower(this.events, {
      name: 'integrity',
      batchSize: CHUNK,
      start: () => this.auditor.position,
      handle: (_events, checkpoint) => this.verifyThrough(checkpoint),
    });
    await this.follower.catchUp();
    this.metrics.setIntegrityVerified(this.auditor.position);
    this.follower.follow((e) => this.logger.error(`integrity follower failed: ${e instanceof Error ? e.message : String(e)}`), { retryDelayMs: 5000 });
    this.metrics.watchFollower(this.follower);
    this.treeHeads.start(() => this.auditor.tree);
    // In the background: the Merkle tree hashed from the verified event hashes and checked against the last signed
    // head, then the whole log read again (what changed behind the app's back since it last looked).
    this.treeChecked = this.buildTree(state.treeHead);
    this.background = this.treeChecked.then(() => this.sweep());
    const every = this.config.integrity.sweepIntervalMs;
    if (every > 0) {
      this.sweepTimer = setInterval(() => void this.sweep(), every);
      this.sweepTimer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.treeHeads.stop();
    await this.follower?.stop();
    await this.background?.catch(() => undefined);
    await this.sweeping;
    await this.treeHeads.drained();
  }

  /** Verifies new events up to `through` (the follower's batch end), saves the verified state, raises what is wrong. */
  private async verifyThrough(through: number): Promise<void> {
    const findings: Finding[] = [];
    const leaves: { position: number; stream: string; hash: string }[] = [];
    const heads = new Map<string, StreamHead>();
    while (this.auditor.position < through) {
      const rows = await this.rows.after(this.auditor.position, Math.min(CHUNK, through - this.auditor.position));
      if (rows.length === 0) break;
      for (const row of rows) {
        const from = this.auditor.tree.size;
        findings.push(...this.auditor.verifyNext(row, (s) => this.guard.isBroken(s) || findings.some((f) => f.stream === s)));
        for (let i = from; i < this.auditor.tree.size; i++) leaves.push({ position: i + 1, stream: this.auditor.streamAt[i], hash: this.leafHex(i, row) });
        heads.set(row.stream, this.auditor.streams.get(row.stream) as StreamHead);
      }
    }
    const stamped = this.stamp(findings);
    this.store.saveBatch(this.auditor.position, leaves, heads);
    this.raise(stamped);
    this.metrics.setIntegrityVerified(this.auditor.position);
    if (this.treeReady) await this.treeHeads.maybeSign(this.auditor.tree);
  }

  /** Hashes the tree in steps (other work goes first between them), checks the last signed head, then signs if due. */
  private async buildTree(last: SignedTreeHead | undefined): Promise<void> {
    while (!this.stopped && !this.auditor.tree.build(TREE_STEP)) await new Promise((resolve) => setImmediate(resolve));
    if (this.stopped) return;
    await this.checkTreeHead(last);
    this.treeReady = true;
    await this.treeHeads.maybeSign(this.auditor.tree).catch((e: unknown) => this.logger.error(`signing a tree head failed: ${String(e)}`));
  }

  /** The event hash kept for leaf i: the row's stored hash, or the placeholder for a missing position. */
  private leafHex(i: number, row: { position: number; metadata: string }): string {
    if (i + 1 !== row.position) return '0'.repeat(64);
    try {
      const hash = (JSON.parse(row.metadata) as { hash?: unknown }).hash;
      return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? hash : '0'.repeat(64);
    } catch {
      return '0'.repeat(64);
    }
  }

  /** Re-reads the whole verified log against the verified state (one sweep at a time); resolves when done. */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async runSweep(): Promise<void> {
    const sweep = this.auditor.sweep();
    const through = this.auditor.position;
    for (let after = 0; after < through && !this.stopped; ) {
      const rows = await this.rows.after(after, CHUNK);
      if (rows.length === 0) break;
      sweep.feed(rows);
      after = rows[rows.length - 1].position;
      // Other work goes first between chunks: the sweep must not hold up requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.stopped) return;
    const found = this.stamp(sweep.finish());
    this.raise(found);
  }

  private async checkTreeHead(head: SignedTreeHead | undefined): Promise<void> {
    if (!head || head.algorithm !== this.signer.algorithm) return; // none yet, or signed under the other suite (another tree)
    if (!verifyTreeHead(head, this.signer.publicKey)) {
      this.raise(this.stamp([{ stream: '', position: head.size, kind: 'treeHeadMismatch', detail: `the last signed tree head (size ${head.size}) does not verify with the tree-head key` }]));
    } else if (!this.matches(head)) {
      this.raise(this.stamp([{ stream: '', position: head.size, kind: 'treeHeadMismatch', detail: await this.narrow(head) }]));
    }
  }

  private matches(head: SignedTreeHead): boolean {
    return head.size <= this.auditor.tree.size && this.auditor.tree.root(head.size).toString('hex') === head.rootHash;
  }

  /** Where the change lies: between the last earlier signed head (in the log) that still matches and the first that does not. */
  private async narrow(last: SignedTreeHead): Promise<string> {
    const heads = (await this.events.readStream(TREE_HEAD_STREAM))
      .map((e) => e.data as SignedTreeHead)
      .filter((h) => h.algorithm === this.signer.algorithm && h.size <= last.size && verifyTreeHead(h, this.signer.publicKey));
    let good = 0;
    let bad = last.size;
    for (const h of heads) {
      if (this.matches(h)) good = Math.max(good, h.size);
      else bad = Math.min(bad, h.size);
    }
    return `the verified event hashes no longer give the root signed at size ${bad}: an event between positions ${good + 1} and ${bad} and the record of what was verified were both changed (a recomputed chain)`;
  }

  /**
   * An attachment whose stored bytes no longer match the SHA-256 of its event (or are gone), found on download: an
   * incident like those of the log (logged, counted in /metrics, in /health and GET /integrity), which closes no
   * stream (IntegrityGuard).
   */
  reportBlob(finding: Finding & { kind: BlobIncidentKind }): void {
    this.raise(this.stamp([finding]));
  }

  private stamp(findings: Finding[]): IntegrityIncident[] {
    const detectedAt = this.clock().toISOString();
    return findings.map((f) => ({ ...f, detectedAt }));
  }

  private raise(incidents: IntegrityIncident[]): void {
    if (incidents.length === 0) return;
    const fresh = this.store.addIncidents(incidents);
    if (fresh.length === 0) return;
    this.incidentList = this.store.incidents();
    for (const incident of fresh) {
      this.guard.add(incident);
      this.metrics.recordIntegrityIncident(incident.kind);
      this.logger.error(`Integrity incident: ${incident.kind} in stream ${incident.stream || '(unknown)'} at position ${incident.position}: ${incident.detail}`);
    }
  }
}
