/**
 * Signed tree heads of the log: made every INTEGRITY_TREE_HEAD_EVENTS verified events, every
 * INTEGRITY_TREE_HEAD_INTERVAL_MS when there are new events, and on demand. Each is kept (app.sqlite), appended to
 * the log itself (stream `integrity-tree-heads`, event `TreeHeadSigned`, so a later head covers the earlier ones) and
 * handed to the sink when one is configured, so that an outside party holds copies.
 *
 * Among several API replicas (EVENT_STORE=postgres) the heads made by count and by interval are made once, by the
 * process holding the lease `tree-heads` (IntegrityService runs `start`/`stop` under it); a head on demand (a case's
 * verifiable record) is signed by whichever replica is asked, with the one key they share (INTEGRITY_KEY_DIR).
 */
import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { signTreeHead } from '@shenbao/event-store';
import type { EventStore, MerkleLog, SignedTreeHead, TreeHeadSigner } from '@shenbao/event-store';
import type { IntegrityConfig } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import type { IntegrityStore } from './integrity.store';
import { TreeHeadSink } from './tree-head-sink';

export const TREE_HEAD_STREAM = 'integrity-tree-heads';
export const TREE_HEAD_SIGNED = 'TreeHeadSigned';

export class TreeHeads {
  private last: SignedTreeHead | undefined;
  private signing: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** Heads by count (`maybeSign`) are made only while started: under the lease among replicas. */
  private periodic = false;
  private readonly sink: TreeHeadSink | undefined;

  constructor(
    private readonly events: EventStore,
    private readonly signer: TreeHeadSigner,
    private readonly store: IntegrityStore,
    private readonly config: IntegrityConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.sink = config.sink ? new TreeHeadSink(config.sink, logger) : undefined;
  }

  get algorithm(): TreeHeadSigner['algorithm'] {
    return this.signer.algorithm;
  }

  get treeHash(): TreeHeadSigner['tree'] {
    return this.signer.tree;
  }

  latest(): SignedTreeHead | undefined {
    return this.last;
  }

  restore(head: SignedTreeHead | undefined): void {
    if (head?.algorithm === this.signer.algorithm) this.last = head;
  }

  /** Signs at the interval; `tree` is undefined while the stored tree is not yet checked after a start. */
  start(tree: () => MerkleLog | undefined): void {
    this.periodic = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      const now = tree();
      // More than the last head's own TreeHeadSigned event: something happened since.
      if (now && now.size > (this.last?.size ?? 0) + 1) this.sign(now).catch((e: unknown) => this.logger.error(`signing a tree head failed: ${String(e)}`));
    }, this.config.treeHeadIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.periodic = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async drained(): Promise<void> {
    await this.signing.catch(() => undefined);
    await this.sink?.drained();
  }

  async maybeSign(tree: MerkleLog): Promise<void> {
    if (this.periodic && tree.size - (this.last?.size ?? 0) >= this.config.treeHeadEvents) await this.sign(tree);
  }

  /** A head covering at least `minSize` events: the last one when it does, else one signed now over the whole tree. */
  async covering(tree: MerkleLog, minSize: number): Promise<SignedTreeHead> {
    const last = this.last;
    if (last && last.size >= minSize) return last;
    return this.sign(tree);
  }

  /** Signs the tree as it is now; heads are signed one at a time. */
  sign(tree: MerkleLog): Promise<SignedTreeHead> {
    const run = this.signing.catch(() => undefined).then(async () => {
      const size = tree.size;
      if (this.last && this.last.size === size) return this.last;
      const head = signTreeHead(this.signer, size, tree.root(size), this.clock());
      this.store.saveTreeHead(head);
      this.last = head;
      const at = head.at;
      const id = randomUUID();
      await this.events.append([
        {
          stream: TREE_HEAD_STREAM,
          expectedRevision: 'any',
          events: [{ id, type: TREE_HEAD_SIGNED, data: head, metadata: { actor: 'system', role: 'system', at, correlationId: id, causationId: id, schemaVersion: 1 } }],
        },
      ]);
      this.sink?.send(head);
      return head;
    });
    this.signing = run;
    return run;
  }
}
