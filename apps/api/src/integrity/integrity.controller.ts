/**
 * `GET /integrity` (admin): how far the log is verified, its head, the last signed tree head, the public key and the
 * incidents; `POST /integrity/tree-heads` (admin) signs a tree head now. `GET /cases/:id/record` (scoped like the
 * case): the offline-verifiable record (case-record.ts).
 */
import { Controller, Get, HttpCode, Inject, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { caseStream } from '@shenbao/domain';
import { chainHashOf } from '@shenbao/event-store';
import type { EventStore, IntegrityIncident, SignedTreeHead } from '@shenbao/event-store';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { toActor } from '../auth/auth-user';
import type { AuthUser } from '../auth/auth-user';
import { CaseReader } from '../case-queries/case-detail/case-reader';
import { toHistory } from '../case-queries/case-history/case-history.view';
import { EVENT_STORE } from '@shenbao/host';
import { ref } from '../openapi/schema-helpers';
import { RECORD_FORMAT, recordEvent } from './case-record';
import type { CaseRecord } from './case-record';
import { logRows } from './integrity-rows';
import { IntegrityService } from './integrity.service';

export interface IntegrityView {
  verifiedThrough: number;
  head: number;
  signedTreeHead: SignedTreeHead | null;
  publicKey: string;
  algorithm: string;
  incidents: IntegrityIncident[];
}

const VERIFY_WAIT_MS = 5000;

@ApiTags('integrity')
@ApiBearerAuth()
@Controller()
export class IntegrityController {
  constructor(
    private readonly integrity: IntegrityService,
    private readonly cases: CaseReader,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get('integrity')
  @Roles('admin')
  @ApiOkResponse({ schema: ref('Integrity') })
  @ApiOperation({ summary: 'How far the event log is verified, the last signed tree head, the public key and the integrity incidents (admin)' })
  async status(): Promise<IntegrityView> {
    return {
      verifiedThrough: this.integrity.verifiedThrough,
      head: await this.events.headPosition(),
      signedTreeHead: this.integrity.treeHeads.latest() ?? null,
      publicKey: this.integrity.publicKey,
      algorithm: this.integrity.treeHeads.algorithm,
      incidents: this.integrity.incidents(),
    };
  }

  @Post('integrity/tree-heads')
  @Roles('admin')
  @HttpCode(201)
  @ApiOkResponse({ schema: ref('SignedTreeHead') })
  @ApiOperation({ summary: 'Signs a tree head over the log as verified now (admin); it is also appended to the log and sent to the sink' })
  async signNow(): Promise<SignedTreeHead> {
    // Never over a stored tree not yet checked after a start (a changed node is written again first).
    await this.integrity.whenTreeChecked();
    return this.integrity.treeHeads.sign(this.integrity.tree);
  }

  @Get('cases/:id/record')
  @ApiOkResponse({ schema: ref('CaseRecord') })
  @ApiOperation({ summary: 'A self-contained, offline-verifiable record of a visible case: events with hashes and inclusion proofs, a signed tree head, the public key' })
  async record(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<CaseRecord> {
    const actor = toActor(user);
    const { events } = await this.cases.loadVisible(id, actor);
    const redacted = new Set(toHistory(events, actor).items.filter((i) => i.redacted).map((i) => i.position));
    const stream = caseStream(id);
    const rows = (await logRows(this.events).stream(stream)).filter((r) => r.revision <= events[events.length - 1].revision);
    const last = rows[rows.length - 1].position;
    if (!(await this.integrity.waitVerified(last, VERIFY_WAIT_MS))) {
      throw new ServiceUnavailableException(`The integrity check has not verified position ${last} yet (it is at ${this.integrity.verifiedThrough}); try again shortly.`);
    }
    await this.integrity.whenTreeChecked();
    const tree = this.integrity.tree;
    const head = await this.integrity.treeHeads.covering(tree, last);
    return {
      format: RECORD_FORMAT,
      caseId: id,
      stream,
      chainHash: chainHashOf(JSON.parse(rows[0].metadata) as { hashAlgorithm?: unknown }) ?? 'sha256',
      treeHash: this.integrity.treeHeads.treeHash,
      events: rows.map((r) => recordEvent(r, redacted.has(r.position), tree.inclusionProof(r.position - 1, head.size))),
      signedTreeHead: head,
      publicKey: this.integrity.publicKey,
    };
  }
}
