/**
 * Schemas of what the GET routes answer, registered as components of the document (openapi-document.ts) and named
 * by the routes with `ApiOkResponse({ schema: ref('CaseDetail') })`. The read models are TypeScript interfaces,
 * so they are described here; test/e2e/openapi.e2e-spec.ts checks the case detail's fields against a real answer.
 */
import { CASE_ACTIONS } from '@shenbao/domain';
import { HOLDER_ROLES } from '@shenbao/projections';
import { STAGES, workflowDefinitionJsonSchema } from '@shenbao/workflows';
import { arr, bool, counts, date, instant, int, obj, oneOf, page, record, ref, str } from './schema-helpers';
import type { Schema } from './schema-helpers';

const party = obj(
  { level: oneOf(['district', 'city']), cityCode: str(), districtCode: str(), unitName: str() },
  { optional: ['level', 'districtCode'], description: 'The applicant (with level) or a joint partner' },
);

const batch = obj({ id: str(), caseIds: arr(str()), startsAt: instant(), endsAt: instant() }, { description: 'A publicity batch' });
const approvalBatch = obj({ batchNo: int(), caseIds: arr(str()), repliedOn: date() }, { description: 'An approval batch' });

const CASE_DETAIL = obj(
  {
    id: str(),
    programId: str(),
    workflow: obj({ key: str(), version: int() }),
    stage: oneOf(STAGES),
    substate: str('Where in the stage the case is (e.g. publicity.awaiting)', { nullable: true }),
    lifecycle: arr(oneOf(STAGES), "The main-line stages this case's workflow runs, in order (defense and site visit only where enabled); a case outside them (cultivation, withdrawn, rejected, notSelected, revoked) left the line"),
    revision: int('Also sent as ETag; send it back as If-Match'),
    position: int('Global position of the last event folded'),
    applicant: party,
    partners: arr(party),
    cities: arr(str(), 'Every city the case involves'),
    createdBy: str(),
    application: record('The application form as last saved (PUT /cases/:id/application)', true),
    submissions: int('How many times it was submitted'),
    audits: arr(obj({ cityCode: str(), decision: oneOf(['pass', 'return', 'reject']), comment: str() })),
    recommendations: arr(record('A recommendation letter: {letterNo, issuedOn, statement, …}')),
    review: obj({
      panel: record('The panel formed: expert ids, draw and seed', true),
      recusals: arr(record('An expert who recused, with the reason')),
      replacements: arr(record('An expert drawn to replace one who recused')),
      scores: {
        type: 'object',
        description: 'Expert id → score sheet; an expert sees only their own until the review is concluded',
        additionalProperties: obj({ scores: { type: 'object', additionalProperties: { type: 'number' } }, total: { type: 'number' }, comment: str() }),
      },
      conclusion: record('The outcome of expert review', true),
    }),
    defense: obj({ schedule: record('The defense scheduled', true), result: record('Its result', true) }),
    siteVisit: obj({ schedule: record('The site visit scheduled', true), result: record('Its result', true) }),
    publicity: obj(
      { batchId: str(), startsAt: instant(), endsAt: instant(), ended: bool(), objections: arr(record('An objection and its resolution')) },
      { optional: ['batchId', 'startsAt', 'endsAt'] },
    ),
    approval: record('The approval granted: {replyLetterNo, repliedOn, batchNo, …}', true),
    monitoring: record('Progress reports, evaluations, rectifications and the report schedule'),
    deferrals: arr(record('A deferral to cultivation: {from, comment?}')),
    resumptions: arr(record('A return from cultivation')),
    withdrawal: record('The withdrawal', true),
    rejection: record('Why the case was rejected', true),
    revocation: record('Why the approval was revoked', true),
    completion: record('The completion of monitoring', true),
    overdue: bool('The current stage entry was marked overdue'),
    overdueMarks: arr(record('A stage entry marked overdue')),
    paperCopies: obj(
      {
        total: int('Copies received so far, over every receipt'),
        receipts: arr(obj(
          {
            copies: int(),
            receivedOn: date(),
            receiver: str(),
            matchesSha256: str('SHA-256 of the sealed scan the paper matches'),
            recordedBy: obj({ role: oneOf(['city', 'province']), cityCode: str() }, { optional: ['cityCode'] }),
          },
          { optional: ['matchesSha256'] },
        )),
      },
      { description: 'Paper copies of the sealed application received (一式五份): POST /cases/:id/paper-copies' },
    ),
    deadlines: arr(
      obj(
        { kind: str(), dueAt: instant(), stage: oneOf(STAGES), provisional: bool('true when counted in working days over a provisional calendar year (GET /calendar/:year)') },
        { optional: ['provisional'] },
      ),
    ),
    allowedActions: arr(oneOf(CASE_ACTIONS), 'What this caller may do now (none for an asOf view of the past)'),
    createdAt: instant(),
    updatedAt: instant(),
    asOf: instant('Only with ?asOf='),
  },
  { optional: ['asOf'], description: 'A case as the caller may see it (API.md "Cases")' },
);

const CASE_LIST_ITEM = obj({
  id: str(),
  programId: str(),
  stage: oneOf(STAGES),
  substate: str(undefined, { nullable: true }),
  applicant: party,
  partners: arr(party),
  cities: arr(str()),
  unitName: str(),
  panel: arr(str(), 'Experts on the panel who have not recused'),
  createdBy: str(),
  createdAt: instant(),
  updatedAt: instant(),
  revision: int(),
  lastPosition: int(),
  overdue: bool(),
  entry: int("The stage-entry counter (deadline job ids name it)"),
  dueAt: str('When the current stage is due: its time limit, or the end of a running publicity period (what sort=dueAt orders on); null when it has none', { format: 'date-time', nullable: true }),
  submittedOn: str('The day of the first submission (YYYY-MM-DD, Asia/Shanghai; what submittedFrom/submittedTo filter on); null when never submitted', { format: 'date', nullable: true }),
  paperCopies: obj({ received: int('Paper copies of the application received'), required: int("The program's paperwork.paperCopies (一式五份: 5; 0 for none)") }),
});

const HISTORY_ITEM = obj(
  {
    position: int(),
    revision: int(),
    type: str('The event type (CaseSubmitted, …)'),
    at: instant(),
    actor: obj(
      {
        id: str('The account id; empty when withheld from the caller (another expert\'s, for all but the province)'),
        role: str(),
        name: str('The account\'s display name; only beside an id shown (none for `system`, the engine\'s own timers)'),
      },
      { optional: ['name'] },
    ),
    data: record('The event data, cut to what the caller may see'),
    hash: str('SHA-256 of the event chained to the previous one'),
    redacted: bool('Present when part of the data was withheld from this caller'),
  },
  { optional: ['redacted'] },
);

const INBOX_ITEM = obj({
  id: str(),
  recipient: str('A user id, or a role and scope'),
  caseId: str(),
  programId: str(),
  kind: str('What is asked or told (audit-pending, returned-for-revision, …)'),
  title: obj({ zh: str(), en: str() }),
  createdAt: instant(),
  done: bool(),
  doneAt: str(undefined, { format: 'date-time', nullable: true }),
  case: obj(
    {
      unitName: str(),
      stage: oneOf(STAGES),
      dueAt: str('When the current stage is due (its time limit, or the end of a running publicity period); null when it has no limit', { format: 'date-time', nullable: true }),
      overdue: bool('The engine marked the case overdue (its stage deadline fired)'),
    },
    { description: "The item's case as the caller may see it, read with the page; null when the caller may not see it", nullable: true },
  ),
});

const DASHBOARD = obj({
  programId: str(),
  funnel: counts(STAGES, 'Cases per stage'),
  funnelByCity: { type: 'object', description: 'Per city code, cases per stage', additionalProperties: counts(STAGES, 'Cases per stage') },
  cities: arr(obj({ cityCode: str(), recommended: int(), limit: int() }, { open: true })),
  approvals: obj({ granted: int(), min: int(), max: int() }),
  publicityBatches: arr(batch),
  approvalBatches: arr(approvalBatch),
  overdue: int(),
  overdueByStage: counts(STAGES, 'Overdue cases per stage'),
  overdueByRole: counts(
    HOLDER_ROLES,
    'Overdue cases by the role that holds them now (owes the next step: the applicant in draft, the cities in audit and recommendation, the experts while scores are owed, else the province); the same total as overdueByStage. GET /cases?overdueRole= lists them.',
  ),
  readyForPublicity: arr(str(), 'Cases awaiting publicity, longest waiting first'),
  paperCopies: obj(
    {
      required: int('Paper copies each case owes (the program\'s paperwork.paperCopies; 0: none, nothing lacks)'),
      lacking: int('Open cases from the recommendation on (expert review to monitoring, cultivation) with fewer copies received'),
      lackingCaseIds: arr(str(), 'Those cases, earliest created first'),
    },
    { description: 'The paper-copy register (一式五份)' },
  ),
});

const EXPERT = obj({ id: str(), name: str(), homeCityCode: str(), employer: str(), fields: arr(str()), active: bool(), createdAt: instant() });

const WORKFLOW_SUMMARY = obj({
  key: str(),
  name: str(),
  latestVersion: int(),
  versions: arr(obj({ version: int(), name: str(), publishedAt: instant() })),
});

/** Named schemas added to the document's components. */
export const READ_SCHEMAS: Record<string, Schema> = {
  CaseDetail: CASE_DETAIL,
  CaseListItem: CASE_LIST_ITEM,
  CasePage: page(ref('CaseListItem')),
  CaseHistory: obj({ items: arr(HISTORY_ITEM) }),
  InboxItem: INBOX_ITEM,
  InboxPage: page(ref('InboxItem')),
  Dashboard: DASHBOARD,
  Batches: obj({ publicity: arr(batch), approval: arr(approvalBatch) }),
  Expert: EXPERT,
  ExpertPage: page(ref('Expert')),
  UserPage: page(ref('UserView')),
  ProgramPage: page(ref('ProgramViewDoc')),
  WorkflowSummary: WORKFLOW_SUMMARY,
  WorkflowPage: page(ref('WorkflowSummary')),
  WorkflowDefinition: workflowDefinitionJsonSchema() as Schema,
};
