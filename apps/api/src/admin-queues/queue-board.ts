/**
 * bull-board at /admin/queues (only when REDIS_URL is set; without it the path is the API's ordinary 404): the
 * `deadlines` queue from the deadline backend, and any queue another module adds with `add` (notifications).
 * Registered on the Fastify instance in `onModuleInit` (before the app is ready), behind `QueuesAccess` (admins only).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@shenbao/host';
import { DEADLINE_BACKEND } from '@shenbao/commands';
import type { DeadlineBackend } from '@shenbao/commands';
import { APP_CONFIG } from '@shenbao/host';
import { QUEUES_PATH, QueuesAccess } from './queues-access';

type Board = ReturnType<typeof createBullBoard>;

@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly logger = new Logger('QueueBoard');
  private readonly server: FastifyAdapter | undefined;
  private readonly board: Board | undefined;
  private readonly names = new Set<string>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: QueuesAccess,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DEADLINE_BACKEND) deadlines: DeadlineBackend,
  ) {
    if (config.redisUrl === undefined) return;
    // Built here rather than at mount time, so modules may `add` their queues from their own constructors or hooks.
    this.server = new FastifyAdapter().setBasePath(QUEUES_PATH);
    const serverAdapter: IServerAdapter = this.server;
    this.board = createBullBoard({ queues: [], serverAdapter, options: { uiConfig: { boardTitle: 'Shenbao queues' } } });
    if (deadlines.queue) this.add(deadlines.queue);
  }

  /** Whether the board is served (REDIS_URL is set). */
  get mounted(): boolean {
    return this.board !== undefined;
  }

  /** Queue names on the board. */
  get queues(): string[] {
    return [...this.names];
  }

  /** Shows another BullMQ queue on the board (jobs can be retried and removed there); ignored without REDIS_URL. */
  add(queue: Queue): void {
    if (!this.board || this.names.has(queue.name)) return;
    this.board.addQueue(new BullMQAdapter(queue));
    this.names.add(queue.name);
  }

  onModuleInit(): void {
    if (!this.server) return;
    const http = this.adapterHost.httpAdapter;
    // An application context (apps/worker) has no HTTP server to mount on.
    if (!http) return;
    const server = this.server;
    const fastify = http.getInstance<FastifyInstance>();
    // In its own plugin scope, so the admin check guards bull-board's routes and nothing else.
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', this.access.hook());
        await scope.register(server.registerPlugin());
      },
      { prefix: QUEUES_PATH },
    );
    this.logger.log({ path: QUEUES_PATH, queues: this.queues }, 'bull-board mounted (admins only).');
  }
}
