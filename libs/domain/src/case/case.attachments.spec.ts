/** Attachments: who may add which kind when, the size limits, the accepted types; given events, when the command, then events or the refusal. */
import type { AddAttachment } from './case.attachments';
import { ATTACHMENT_LIMITS, attachmentKindsFor } from './case.attachments';
import type { AttachmentKind, CaseEvent } from './case.events';
import {
  actors, created, drafted, given, inCityAudit, inMonitoring, inPublicity, inRecommendation, awaitingPublicity, DURING_PUBLICITY,
} from './case.spec-helpers';

const SHA = 'ab'.repeat(32);
const add = (kind: AttachmentKind, over: Partial<AddAttachment['data']> = {}): AddAttachment => ({
  type: 'AddAttachment',
  data: { attachmentId: 'a1', kind, name: '申报书（盖章）.pdf', size: 1000, mediaType: 'application/pdf', sha256: SHA, ...over },
});
const added = (kind: AttachmentKind, uploadedBy: Record<string, string>, over: Record<string, unknown> = {}): CaseEvent =>
  ({ type: 'AttachmentAdded', data: { attachmentId: 'a1', kind, name: '申报书（盖章）.pdf', size: 1000, mediaType: 'application/pdf', sha256: SHA, uploadedBy, ...over } }) as CaseEvent;
const LATER = new Date('2020-01-02T02:00:00Z');

describe('attachments', () => {
  it('records the file with its hash, size, type, name, kind and uploader', () => {
    given(...drafted).when(add('sealedApplication'), actors.tianhe).then([added('sealedApplication', { userId: 'u-th', role: 'applicant' })]);
    given(...inRecommendation).when(add('recommendationLetter'), actors.guangzhou).then([added('recommendationLetter', { userId: 'u-gz', role: 'city', cityCode: '440100' })]);
  });

  it('keeps every attachment on the case, in order', () => {
    const s = given(...created, added('sealedApplication', { userId: 'u-th', role: 'applicant' }), added('evidence', { userId: 'u-th', role: 'applicant' }, { attachmentId: 'a2', size: 5 })).caseState!;
    expect(s.attachments.map((a) => [a.attachmentId, a.kind, a.size])).toEqual([['a1', 'sealedApplication', 1000], ['a2', 'evidence', 5]]);
  });

  it('lets the applicant add the sealed application and evidence while the application is a draft, not after submitting', () => {
    given(...created).when(add('evidence'), actors.tianhe).decision();
    given(...inCityAudit).when(add('sealedApplication'), actors.tianhe).thenError('ILLEGAL_TRANSITION');
    const e = given(...inCityAudit).when(add('evidence'), actors.tianhe).thenError('ILLEGAL_TRANSITION');
    expect(e.message).toContain('while the application is a draft');
  });

  it('lets a city of the case add its recommendation letter at recommendation only; the applicant never', () => {
    given(...inCityAudit).when(add('recommendationLetter'), actors.guangzhou).thenError('ILLEGAL_TRANSITION');
    given(...inRecommendation).when(add('recommendationLetter'), actors.tianhe).thenError('FORBIDDEN');
    given(...inRecommendation).when(add('recommendationLetter'), actors.shenzhen).thenError('NOT_FOUND');
    given(...drafted).when(add('sealedApplication'), actors.guangzhou).thenError('FORBIDDEN');
  });

  it('takes objection evidence from the applicant and the province while the publicity period runs', () => {
    given(...inPublicity).when(add('objectionEvidence'), actors.tianhe, { now: DURING_PUBLICITY }).decision();
    given(...inPublicity).when(add('objectionEvidence'), actors.province, { now: DURING_PUBLICITY }).decision();
    given(...awaitingPublicity).when(add('objectionEvidence'), actors.province).thenError('ILLEGAL_TRANSITION');
    given(...inPublicity).when(add('objectionEvidence'), actors.guangzhou, { now: DURING_PUBLICITY }).thenError('FORBIDDEN');
  });

  it('takes progress annexes from the applicant during monitoring', () => {
    given(...inMonitoring).when(add('progressAnnex'), actors.tianhe, { now: LATER }).decision();
    given(...drafted).when(add('progressAnnex'), actors.tianhe).thenError('ILLEGAL_TRANSITION');
    given(...inMonitoring).when(add('progressAnnex'), actors.province, { now: LATER }).thenError('FORBIDDEN');
  });

  it('refuses experts and administrators every kind', () => {
    for (const kind of ['sealedApplication', 'evidence', 'objectionEvidence'] as const) {
      given(...drafted).when(add(kind), actors.admin).thenError('FORBIDDEN');
    }
  });

  it('offers the kinds the caller may add now', () => {
    const ctx = (actor: (typeof actors)[keyof typeof actors], events = drafted, now = new Date('2019-03-15T02:00:00Z')) => {
      const g = given(...events);
      return attachmentKindsFor(g.caseState!, { actor, now, definition: g.definition, program: g.program });
    };
    expect(ctx(actors.tianhe)).toEqual(['sealedApplication', 'evidence']);
    expect(ctx(actors.guangzhou)).toEqual([]);
    expect(ctx(actors.guangzhou, inRecommendation)).toEqual(['recommendationLetter']);
    expect(ctx(actors.province, inPublicity, DURING_PUBLICITY)).toEqual(['objectionEvidence']);
    expect(ctx(actors.tianhe, inMonitoring, LATER)).toEqual(['progressAnnex']);
  });

  it('refuses a file over 20 MB and one that takes the case over 200 MB in all (413), naming the file and the limit', () => {
    const big = given(...drafted).when(add('evidence', { size: ATTACHMENT_LIMITS.fileBytes + 1 }), actors.tianhe).thenError('PAYLOAD_TOO_LARGE');
    expect(big.details).toEqual([expect.objectContaining({ field: 'file', limit: 'file' })]);
    given(...drafted).when(add('evidence', { size: ATTACHMENT_LIMITS.fileBytes }), actors.tianhe).decision();
    const nineteen = 19 * 1024 * 1024;
    const full = [...created, ...Array.from({ length: 10 }, (_, i) => added('evidence', { userId: 'u-th', role: 'applicant' }, { attachmentId: `f${i}`, size: nineteen }))];
    const total = given(...full).when(add('evidence', { size: ATTACHMENT_LIMITS.caseBytes - 10 * nineteen + 1 }), actors.tianhe).thenError('PAYLOAD_TOO_LARGE');
    expect(total.details).toEqual([expect.objectContaining({ field: 'file', limit: 'case' })]);
    given(...full).when(add('evidence', { size: ATTACHMENT_LIMITS.caseBytes - 10 * nineteen }), actors.tianhe).decision();
  });

  it('refuses a media type other than PDF, OFD, JPEG and PNG (415)', () => {
    given(...drafted).when(add('evidence', { mediaType: 'application/x-elf' as never }), actors.tianhe).thenError('UNSUPPORTED_MEDIA_TYPE');
    for (const mediaType of ['application/ofd', 'image/jpeg', 'image/png'] as const) given(...drafted).when(add('evidence', { mediaType }), actors.tianhe).decision();
  });
});
