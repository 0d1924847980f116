/**
 * `POST /cases/:id/attachments` (multipart: `kind`, `file`), `GET /cases/:id/attachments` and
 * `GET /cases/:id/attachments/:attachmentId` (the bytes). Scoped like the case: a case the caller may not read is
 * 404. The upload is checked in this order: role (403, before the body is read), the case (404), the form's fields
 * (400), who may add this kind now (403/409, the domain's rule), size (413, per file and per case), the type
 * recognised from the bytes (415), then the AttachmentAdded event is decided and appended like any case command, the
 * bytes kept under their SHA-256 first. A download hashes the stored bytes again: bytes that no longer match the
 * event's SHA-256 are never sent (500, and an integrity incident).
 */
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import {
  ATTACHMENT_KINDS, ATTACHMENT_LIMITS, ATTACHMENT_MEDIA_TYPES, ATTACHMENT_ROLES, attachmentKindsFor, attachmentRefusal, caseStream, DomainError, isId, sizeRefusal,
} from '@shenbao/domain';
import type { AddAttachment, AttachmentAdded, CaseDecideContext } from '@shenbao/domain';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { Ctx, Roles } from '../auth/auth.decorators';
import type { RequestContext } from '../auth/auth.decorators';
import type { HttpRequest, HttpResponse } from '../common/http/http.types';
import { NeverStoredForReplay } from '../common/idempotency/idempotency.interceptor';
import { CaseReader } from '../case-queries/case-detail/case-reader';
import type { LoadedCase } from '../case-queries/case-detail/case-reader';
import { CaseCommandService } from '@shenbao/commands';
import { CaseId, CasesApi } from '../cases/http/case-action.decorators';
import { RevisionEtagInterceptor } from '../cases/http/revision-etag.interceptor';
import { contentDisposition } from '../documents/content-disposition';
import { newId } from '@shenbao/commands';
import { IntegrityService } from '../integrity/integrity.service';
import { BLOB_STORE } from './blob-store';
import type { BlobStore } from './blob-store';
import { AddedAttachmentResponse, AttachmentListResponse } from './attachment.response';
import { readUpload } from './attachment-upload';
import { mediaTypeOf, UNKNOWN } from './media-type';

type Added = AttachmentAdded['data'];

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'application/ofd': 'ofd', 'image/jpeg': 'jpg', 'image/png': 'png' };

@CasesApi()
@Controller('cases')
export class AttachmentsController {
  constructor(
    private readonly reader: CaseReader,
    private readonly cases: CaseCommandService,
    private readonly integrity: IntegrityService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':id/attachments')
  @Roles(...ATTACHMENT_ROLES)
  @HttpCode(201)
  // The body is a file the idempotency record cannot hash before it is read: a key is ignored here (see README).
  @NeverStoredForReplay()
  @UseInterceptors(RevisionEtagInterceptor)
  @ApiOperation({
    summary: 'Attach a file to the case (applicant: sealedApplication/evidence in a draft, objectionEvidence during publicity, progressAnnex in monitoring; city: recommendationLetter at recommendation; province: objectionEvidence)',
    description: `PDF, OFD, JPEG or PNG, recognised from the bytes (415 otherwise); at most ${ATTACHMENT_LIMITS.fileBytes} bytes per file and ${ATTACHMENT_LIMITS.caseBytes} per case (413). The SHA-256 goes into the AttachmentAdded event.`,
  })
  @ApiParam({ name: 'id', type: String, description: 'Case id' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: { kind: { type: 'string', enum: [...ATTACHMENT_KINDS] }, file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: AddedAttachmentResponse, description: 'Stored; ETag carries the case revision' })
  async add(@CaseId() id: string, @Req() req: HttpRequest, @Ctx() ctx: RequestContext): Promise<AddedAttachmentResponse> {
    const loaded = await this.reader.loadVisible(id, ctx.actor);
    const upload = await readUpload(req, this.blobs, ATTACHMENT_LIMITS.fileBytes);
    let kept = false;
    try {
      const decideCtx = await this.contextFor(loaded, ctx);
      const refused = attachmentRefusal(upload.kind, loaded.state, decideCtx);
      if (refused) throw new DomainError(refused.code, refused.message, refused.details);
      const { blob } = upload;
      const tooLarge = sizeRefusal(blob.tooLarge ? ATTACHMENT_LIMITS.fileBytes + 1 : blob.size, loaded.state);
      if (tooLarge) throw tooLarge;
      const mediaType = await mediaTypeOf(blob.path);
      if (!mediaType || !(ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
        const what = mediaType ?? UNKNOWN;
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `file: "${upload.name}" is ${what}; accepted are PDF, OFD, JPEG and PNG, recognised from the file's bytes.`, [
          { field: 'file', messages: [`must be PDF, OFD, JPEG or PNG (recognised from its bytes: ${what})`], detectedType: mediaType ?? null },
        ]);
      }
      const command: AddAttachment = {
        type: 'AddAttachment',
        data: { attachmentId: newId(), kind: upload.kind, name: upload.name, size: blob.size, mediaType: mediaType as AddAttachment['data']['mediaType'], sha256: blob.sha256 },
      };
      // The bytes first: an event must never name content the store lacks (a refused decision leaves an unnamed blob).
      await blob.keep();
      kept = true;
      const result = await this.cases.execute(id, command, { actor: ctx.actor, correlationId: ctx.correlationId });
      const { attachmentId, kind, name, size, sha256 } = command.data;
      return { attachmentId, kind, name, size, mediaType: command.data.mediaType, sha256, caseId: id, revision: result.revision, position: result.position };
    } finally {
      if (!kept) await upload.blob.discard();
    }
  }

  @Get(':id/attachments')
  @ApiOperation({ summary: "The case's attachments, in the order added, and the kinds the caller may add now" })
  @ApiParam({ name: 'id', type: String, description: 'Case id' })
  @ApiOkResponse({ type: AttachmentListResponse })
  async list(@CaseId() id: string, @Ctx() ctx: RequestContext): Promise<AttachmentListResponse> {
    const loaded = await this.reader.loadVisible(id, ctx.actor);
    const items = loaded.events
      .filter((e) => e.type === 'AttachmentAdded')
      .map((e) => ({ ...(e.data as Added), at: e.metadata.at, position: e.position }));
    return { items, kindsAllowed: attachmentKindsFor(loaded.state, await this.contextFor(loaded, ctx)) };
  }

  @Get(':id/attachments/:attachmentId')
  @ApiOperation({ summary: 'The bytes of an attachment, checked against its SHA-256 first (500 and an integrity incident when they no longer match)' })
  @ApiParam({ name: 'id', type: String, description: 'Case id' })
  @ApiParam({ name: 'attachmentId', type: String })
  @ApiProduces(...ATTACHMENT_MEDIA_TYPES)
  @ApiOkResponse({ description: "The file, under its recognised media type; Content-Disposition names it (filename*=UTF-8''…)", schema: { type: 'string', format: 'binary' } })
  async download(@CaseId() id: string, @Param('attachmentId') attachmentId: string, @Ctx() ctx: RequestContext, @Res() res: HttpResponse): Promise<HttpResponse> {
    const notFound = new DomainError('NOT_FOUND', `No attachment ${attachmentId} on case ${id} visible to you.`);
    if (!isId(attachmentId)) throw notFound;
    const { events } = await this.reader.loadVisible(id, ctx.actor);
    const event = events.find((e) => e.type === 'AttachmentAdded' && (e.data as Added).attachmentId === attachmentId);
    if (!event) throw notFound;
    const a = event.data as Added;
    const blob = await this.blobs.open(a.sha256);
    if (blob.status !== 'ok') {
      const detail = blob.status === 'missing'
        ? `attachment ${attachmentId} (${a.name}): its stored bytes (sha256 ${a.sha256}) are missing`
        : `attachment ${attachmentId} (${a.name}): its stored bytes hash to ${blob.actualSha256}, not the sha256 ${a.sha256} its event recorded`;
      this.integrity.reportBlob({ stream: caseStream(id), position: event.position, kind: blob.status === 'missing' ? 'blobMissing' : 'blobChanged', detail });
      throw new Error(`Integrity: ${detail}`);
    }
    const ascii = `attachment-${attachmentId}.${EXTENSIONS[a.mediaType] ?? 'bin'}`;
    void res
      .type(a.mediaType)
      .header('Content-Length', String(blob.size))
      .header('Content-Disposition', contentDisposition('attachment', a.name, ascii))
      .header('X-Content-SHA256', a.sha256)
      // The bytes of an attachment never change: its address is its hash.
      .header('Cache-Control', 'private, max-age=86400, immutable');
    return res.send(blob.stream());
  }

  private async contextFor(loaded: LoadedCase, ctx: RequestContext): Promise<CaseDecideContext> {
    const program = await this.reader.program(loaded.state.programId);
    if (!program) throw new Error(`Program ${loaded.state.programId} of case ${loaded.state.caseId} does not exist`);
    return { actor: ctx.actor, now: this.clock(), definition: loaded.definition, program };
  }
}
