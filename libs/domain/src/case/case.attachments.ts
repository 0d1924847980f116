/**
 * Attachments of a case (issue #15): sealed scans and supporting files, each recorded by an `AttachmentAdded` event
 * that carries the file's SHA-256, size, media type (recognised from its bytes), original name, kind and uploader, so
 * the case's hash chain covers the content. The bytes live in a content-addressed blob store (apps/api); the domain
 * decides who may add which kind when, and the per-case total.
 *
 * Who may add which kind (API.md "Additions", decided here and documented in the README):
 * | kind | who | when |
 * |---|---|---|
 * | sealedApplication, evidence | the applicant (a party of the case) | while the application is theirs to edit (draft) |
 * | recommendationLetter | a city officer of a city of the case | while the case is at recommendation |
 * | objectionEvidence | the applicant, or the province (which registers objections) | while the publicity period runs |
 * | progressAnnex | the applicant | while progress reports can be filed (monitoring) |
 * A role that never adds a kind is 403 FORBIDDEN; a kind the role adds, but not in this stage, is 409 ILLEGAL_TRANSITION.
 */
import { DomainError } from '../errors';
import type { Message } from '../shared/decider';
import type { Actor, Role } from '../shared/actor';
import { canSeeCase } from './case.access';
import { can, inStage, type CaseDecideContext, type Refusal } from './case.guard-kit';
import { only, type CaseDecision } from './case.decide.shared';
import type { AttachmentKind } from './case.events';
import type { CaseState } from './case.state';

export const ATTACHMENT_KINDS = ['sealedApplication', 'recommendationLetter', 'evidence', 'objectionEvidence', 'progressAnnex'] as const satisfies readonly AttachmentKind[];

/** The accepted media types, as recognised from the bytes (never from the name or the declared type). */
export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

export const ATTACHMENT_LIMITS = {
  /** One file: 20 MB. */
  fileBytes: 20 * 1024 * 1024,
  /** All attachments of one case together: 200 MB. */
  caseBytes: 200 * 1024 * 1024,
} as const;

export type AddAttachment = Message<'AddAttachment', {
  attachmentId: string;
  kind: AttachmentKind;
  name: string;
  size: number;
  mediaType: AttachmentMediaType;
  sha256: string;
}>;

interface KindRule {
  roles: readonly Role[];
  /** The stage (and caller) in which the kind may be added; `what` says when, for the refusal. */
  now(s: CaseState, actor: Actor, ctx: CaseDecideContext): boolean;
  when: string;
}

const KIND_RULES: Record<AttachmentKind, KindRule> = {
  sealedApplication: { roles: ['applicant'], now: (s) => inStage(s, 'draft'), when: 'while the application is a draft' },
  evidence: { roles: ['applicant'], now: (s) => inStage(s, 'draft'), when: 'while the application is a draft' },
  recommendationLetter: { roles: ['city'], now: (s, a) => inStage(s, 'recommendation') && s.cities.includes(a.cityCode ?? ''), when: 'while the case is at recommendation' },
  objectionEvidence: { roles: ['applicant', 'province'], now: (s) => inStage(s, 'publicity', 'open'), when: 'while the publicity period runs' },
  progressAnnex: { roles: ['applicant'], now: (s, _a, ctx) => can(s, ctx, { type: 'ProgressReportFiled' }), when: 'while progress reports can be filed' },
};

/** The roles that may ever add attachments (the route's role check, before anything else). */
export const ATTACHMENT_ROLES: readonly Role[] = [...new Set(Object.values(KIND_RULES).flatMap((r) => r.roles))];

export const attachedBytes = (s: CaseState): number => s.attachments.reduce((sum, a) => sum + a.size, 0);

/** Why this caller may not add an attachment of this kind to the case now (null: it may). Visibility is the caller's to check first. */
export function attachmentRefusal(kind: AttachmentKind, s: CaseState, ctx: CaseDecideContext): Refusal | null {
  const r = KIND_RULES[kind];
  const { actor } = ctx;
  if (!r.roles.includes(actor.role)) return { code: 'FORBIDDEN', message: `Role ${actor.role} may not add a ${kind} attachment (who may: ${r.roles.join(', ')}).` };
  if (!r.now(s, actor, ctx)) {
    const at = s.substate ? `${s.stage} (${s.substate})` : s.stage;
    return { code: 'ILLEGAL_TRANSITION', message: `A ${kind} attachment is added ${r.when}; the case is in ${at}.`, details: { stage: s.stage, attachmentKinds: attachmentKindsFor(s, ctx) } };
  }
  return null;
}

/** The kinds this caller may add to the case now (the case page offers these). */
export const attachmentKindsFor = (s: CaseState, ctx: CaseDecideContext): AttachmentKind[] =>
  ATTACHMENT_KINDS.filter((k) => KIND_RULES[k].roles.includes(ctx.actor.role) && KIND_RULES[k].now(s, ctx.actor, ctx));

/** A file over the per-file limit, or one that would take the case over its total: 413 PAYLOAD_TOO_LARGE naming the limit. */
export function sizeRefusal(size: number, s: CaseState): DomainError | null {
  const { fileBytes, caseBytes } = ATTACHMENT_LIMITS;
  if (size > fileBytes) return new DomainError('PAYLOAD_TOO_LARGE', `file: ${size} bytes is over the limit of ${fileBytes} bytes (20 MB) per file.`, [{ field: 'file', messages: [`must be at most ${fileBytes} bytes (20 MB)`], limit: 'file' }]);
  const used = attachedBytes(s);
  if (used + size > caseBytes) {
    return new DomainError('PAYLOAD_TOO_LARGE', `file: the case's attachments would total ${used + size} bytes, over the limit of ${caseBytes} bytes (200 MB) per case (${used} bytes used).`, [
      { field: 'file', messages: [`the case's attachments must total at most ${caseBytes} bytes (200 MB); ${caseBytes - used} bytes are left`], limit: 'case' },
    ]);
  }
  return null;
}

export function decideAddAttachment(cmd: AddAttachment, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  if (!canSeeCase(s, ctx.actor)) throw new DomainError('NOT_FOUND', `No case ${s.caseId} visible to you.`);
  const refused = attachmentRefusal(cmd.data.kind, s, ctx);
  if (refused) throw new DomainError(refused.code, refused.message, refused.details);
  const tooLarge = sizeRefusal(cmd.data.size, s);
  if (tooLarge) throw tooLarge;
  if (!(ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(cmd.data.mediaType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `file: ${cmd.data.mediaType} is not accepted (${ATTACHMENT_MEDIA_TYPES.join(', ')}).`, [{ field: 'file', messages: [`must be PDF, OFD, JPEG or PNG, not ${cmd.data.mediaType}`] }]);
  }
  const { userId, role, cityCode } = ctx.actor;
  const uploadedBy = { userId, role, ...(role === 'city' && cityCode ? { cityCode } : {}) };
  return only({ type: 'AttachmentAdded', data: { ...cmd.data, uploadedBy } });
}
