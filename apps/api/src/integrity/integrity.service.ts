/**
 * The integrity check of the running app (issue #16). At start it loads what was verified before (integrity.store:
 * the position and the Merkle tree's frontier; the rest stays in app.sqlite) and verifies what was appended since
 * (only that: start-up stays fast), then checks in the background the stored tree against the verified event hashes
 * and those against the last signed tree head and its key; then a follower on the LogFollower kernel verifies every new append, and a background
 * sweep re-reads the whole log in chunks (after start and every INTEGRITY_SWEEP_INTERVAL_MS) to catch what was changed
 * behind the app's back. An incident is logged (error), counted in /metrics, kept, shown in /health and
 * GET /integrity, and its stream takes no more events (IntegrityGuard). Tree heads are signed every
 * INTEGRITY_TREE_HEAD_EVENTS events or INTEGRITY_TREE_HEAD_INTERVAL_MS, and on demand (tree-heads.ts).
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ChainAuditor, LogFollower, MISSING_LEAF, MerkleLog, SUITES, loadOrCreateSigner, verifyTreeHead } from '@shenbao/event-store';
import type { BlobIncidentKind, EventStore, Finding, IntegrityIncident, SignedTreeHead, StreamHead, TreeHeadSigner } from '@shenbao/event-store';
import type { AppConfig } from '@shenbao/host';
import type { AppDatabase } from '@shenbao/commands';
import { IntegrityGuard, LeasedWork, Leases, MetricsService } from '@shenbao/commands';
import { APP_CONFIG, APP_DATABASE, CLOCK, EVENT_STORE } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { logRows } from './integrity-rows';
import type { LogRows } from './integrity-rows';
import { IntegrityStore } from './integrity.store';
import { TREE_HEAD_STREAM, TreeHeads } from './tree-heads';

const CHUNK = 2000;
/** Verified event hashes read at a time when the stored tree is checked after a start. */
const TREE_PAGE = 256;
/** Events the background sweep reads at a time (one synchronous SQLite read each: kept short, as the slices). */
const SWEEP_PAGE = 256;
/**
 * The background work (the stored tree's check, the sweep) hands the event loop back to requests at least this often:
 * a whole chunk hashed in one go held a request up to ~60 ms after a restart on 100,000 events (bench:scale).
 */
const SLICE_MS = 4;
/** Rows fed to the sweep, or verified hashes added to the tree, between two looks at the clock. */
const SLICE_ROWS = 64;

/** Yields to other work (setImmediate) once SLICE_MS has passed since the last time it did. */
class Slicer {
  private since = performance.now();

  async pause(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}

@Injectable()
export class IntegrityService implements OnApplicationBootstrap, OnModuleDestroy {
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
  /** The stored tree was checked against the verified event hashes and the last signed head (after a start). */
  private treeReady = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Signing by count and by interval, under the lease `tree-heads` (always held in the embedded profile). */
  private signing: LeasedWork | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_DATABASE) db: AppDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly guard: IntegrityGuard,
    @Optional() private readonly leases?: Leases,
  ) {
    this.rows = logRows(events);
    this.store = new IntegrityStore(db, SUITES[config.integrity.algorithm].tree, this.rows.previous);
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

  /** Resolves once the stored tree is checked after a start, and the last signed head against it (benchmarks, tests). */
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
    // The tree goes on from its stored frontier; a store from before the nodes were kept, or written with the other
    // suite's hash, has them written again from the verified event hashes (once).
    let tree = this.store.restoreTree(state.position);
    if (!tree) {
      const began = Date.now();
      tree = this.store.rebuildTree(state.position);
      if (state.position > 0) this.logger.warn(`the Merkle tree's nodes over ${state.position} verified events were written again (${this.store.treeHash}) in ${Date.now() - began} ms`);
    }
    this.auditor = new ChainAuditor(tree, state.position, this.store);
    this.incidentList = state.incidents;
    for (const incident of state.incidents) this.guard.add(incident);
    // (More is fine: another API process on this DATA_DIR may have saved a batch since.)
    const lastLeaf = this.store.lastLeaf();
    if (lastLeaf < state.position) {
      this.raise(this.stamp([{ stream: '', position: Math.min(lastLeaf, state.position) + 1, kind: 'treeHeadMismatch', detail: `the verified state holds event hashes through position ${lastLeaf} for ${state.position} verified positions` }]));
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
    const signEvery = (): void => this.treeHeads.start(() => (this.treeReady ? this.auditor.tree : undefined));
    if (this.leases) {
      this.signing = new LeasedWork(this.leases.lease('tree-heads'), { start: signEvery, stop: () => this.treeHeads.stop() }, this.logger);
      void this.signing.run();
    } else signEvery();
    // In the background: the stored tree checked against the verified event hashes and those against the last signed
    // head, then the whole log read again (what changed behind the app's back since it last looked).
    this.treeChecked = this.checkTree(state.treeHead);
    // Never an unhandled rejection: a background step that fails is logged, and the next sweep tries again.
    this.background = this.treeChecked.then(
      () => this.sweep(),
      (e: unknown) => this.backgroundFailed('checking the stored Merkle tree', e),
    );
    const every = this.config.integrity.sweepIntervalMs;
    if (every > 0) {
      this.sweepTimer = setInterval(() => void this.sweep(), every);
      this.sweepTimer.unref();
    }
  }

  /**
   * On module destroy, before the stores close (StoreCloser and the leases close on application shutdown): the
   * background work stops between two reads and is awaited, so nothing reads a closed store.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.signing?.stop();
    this.treeHeads.stop();
    await this.follower?.stop();
    await this.background?.catch(() => undefined);
    await this.sweeping;
    await this.treeHeads.drained();
  }

  /** Verifies new events up to `through` (the follower's batch end), saving each chunk's state, and raises what is wrong. */
  private async verifyThrough(through: number): Promise<void> {
    while (this.auditor.position < through) {
      const rows = await this.rows.after(this.auditor.position, Math.min(CHUNK, through - this.auditor.position));
      if (rows.length === 0) break;
      const findings: Finding[] = [];
      for (const row of rows) findings.push(...this.auditor.verifyNext(row, (s) => this.guard.isBroken(s) || findings.some((f) => f.stream === s)));
      const stamped = this.stamp(findings);
      this.store.flush(this.auditor.position);
      this.raise(stamped);
    }
    this.metrics.setIntegrityVerified(this.auditor.position);
    if (this.treeReady) await this.treeHeads.maybeSign(this.auditor.tree);
  }

  /**
   * After a start, in steps between other work: the tree recomputed from the verified event hashes (its frontier
   * only), compared node by node with the stored tree, and its root with the last signed head; then signs if due. A
   * stored tree that the hashes do not give is written again from them when they still give the signed root.
   */
  private async checkTree(last: SignedTreeHead | undefined): Promise<void> {
    const usable = last && last.algorithm === this.signer.algorithm ? last : undefined; // else none yet, or another suite's tree
    const size = this.auditor.tree.size;
    const began = performance.now();
    const check = await this.treeFromLeaves(size, usable && usable.size <= size ? [usable.size] : [], true);
    if (!check) return;
    this.logger.log(`the stored Merkle tree over ${size} verified events was checked against their hashes in ${Math.round(performance.now() - began)} ms`);
    let sound = true;
    if (usable) sound = await this.checkTreeHead(usable, check.roots);
    if (check.wrongNodes > 0 && sound) {
      this.logger.error(`${check.wrongNodes} stored Merkle tree nodes did not match the verified event hashes (app.sqlite changed?); the tree was written again from them`);
      this.auditor = new ChainAuditor(this.store.rebuildTree(this.auditor.position), this.auditor.position, this.store);
    }
    this.treeReady = true;
    await this.treeHeads.maybeSign(this.auditor.tree).catch((e: unknown) => this.logger.error(`signing a tree head failed: ${String(e)}`));
  }

  /**
   * One pass over the verified event hashes 1..size, O(log n) in memory: the roots at `sizes`, and (with `compare`)
   * how many complete subtrees differ from the stored nodes. Undefined when the app stops meanwhile.
   */
  private async treeFromLeaves(size: number, sizes: number[], compare: boolean): Promise<{ roots: Map<number, Buffer>; wrongNodes: number } | undefined> {
    const made: [number, number, Buffer][] = [];
    const recomputed = new MerkleLog(this.store.treeHash, { get: () => undefined, put: (level, index, hash) => void (compare && level > 0 && made.push([level, index, hash])) });
    const wanted = new Set(sizes);
    const roots = new Map<number, Buffer>();
    if (wanted.has(0)) roots.set(0, recomputed.root());
    const add = (hash: string): void => {
      recomputed.append(hash);
      if (wanted.has(recomputed.size)) roots.set(recomputed.size, recomputed.root());
    };
    let wrongNodes = 0;
    const slicer = new Slicer();
    for (let after = 0; after < size; ) {
      if (this.stopped) return undefined;
      const page = this.store.leafPage(after, Math.min(TREE_PAGE, size - after));
      // A position without a kept hash (app.sqlite changed) is a missing leaf, as when the nodes are written again.
      const to = page.length === 0 ? size : page[page.length - 1][0];
      for (let i = 0; i < page.length; i++) {
        const [position, hash] = page[i];
        while (recomputed.size < position - 1) add(MISSING_LEAF);
        add(hash);
        // Other work goes first every few milliseconds.
        if (i % SLICE_ROWS === SLICE_ROWS - 1) await slicer.pause();
      }
      while (recomputed.size < to) add(MISSING_LEAF);
      after = to;
      if (compare) wrongNodes += this.store.wrongNodes(made.splice(0));
      await slicer.pause();
    }
    return { roots, wrongNodes };
  }

  /**
   * Re-reads the whole verified log against the verified state (one sweep at a time); resolves when done. Never
   * rejects: a sweep that fails (the store erring mid-read) is logged, and the next one starts from the beginning.
   */
  sweep(): Promise<void> {
    this.sweeping ??= this.runSweep()
      .catch((e: unknown) => this.backgroundFailed('the sweep of the log', e))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** A background step failed: logged with its reason (not when the app is stopping: its stores are closing). */
  private backgroundFailed(what: string, e: unknown): void {
    if (this.stopped) return;
    this.logger.error(`integrity: ${what} failed and is left for the next sweep: ${e instanceof Error ? e.message : String(e)}`);
  }

  private async runSweep(): Promise<void> {
    const sweep = this.auditor.sweep(this.rows.previous);
    const through = this.auditor.position;
    const began = performance.now();
    const slicer = new Slicer();
    for (let after = 0; after < through && !this.stopped; ) {
      const rows = await this.rows.after(after, SWEEP_PAGE);
      if (rows.length === 0) break;
      // Other work goes first every few milliseconds: the sweep must not hold up requests.
      for (let i = 0; i < rows.length && !this.stopped; i += SLICE_ROWS) {
        sweep.feed(rows.slice(i, i + SLICE_ROWS));
        await slicer.pause();
      }
      after = rows[rows.length - 1].position;
    }
    if (this.stopped) return;
    this.logger.log(`sweep: ${through} events read again in ${Math.round(performance.now() - began)} ms`);
    const found = this.stamp(sweep.finish());
    this.raise(found);
  }

  /** The last signed head against the key and the verified event hashes' roots; false (and an incident) when it fails. */
  private async checkTreeHead(head: SignedTreeHead, roots: Map<number, Buffer>): Promise<boolean> {
    if (!verifyTreeHead(head, this.signer.publicKey)) {
      this.raise(this.stamp([{ stream: '', position: head.size, kind: 'treeHeadMismatch', detail: `the last signed tree head (size ${head.size}) does not verify with the tree-head key` }]));
      return false;
    }
    if (roots.get(head.size)?.toString('hex') === head.rootHash) return true;
    this.raise(this.stamp([{ stream: '', position: head.size, kind: 'treeHeadMismatch', detail: await this.narrow(head) }]));
    return false;
  }

  /** Where the change lies: between the last earlier signed head (in the log) that still matches and the first that does not. */
  private async narrow(last: SignedTreeHead): Promise<string> {
    const heads = (await this.events.readStream(TREE_HEAD_STREAM))
      .map((e) => e.data as SignedTreeHead)
      .filter((h) => h.algorithm === this.signer.algorithm && h.size <= last.size && verifyTreeHead(h, this.signer.publicKey));
    const roots = (await this.treeFromLeaves(last.size, heads.map((h) => h.size), false))?.roots ?? new Map<number, Buffer>();
    let good = 0;
    let bad = last.size;
    for (const h of heads) {
      if (roots.get(h.size)?.toString('hex') === h.rootHash) good = Math.max(good, h.size);
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
