/**
 * The API's response bodies the pages use, named from the types generated out of its OpenAPI document
 * (schema.d.ts, `npm run console:api-types`), so a change of the API shows up here as a type error.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type InboxItem = Schemas['InboxItem'];
export type CaseDetail = Schemas['CaseDetail'];
/** The applicant of a case, or one of its joint partners. */
export type Unit = CaseDetail['applicant'];
export type Deadline = CaseDetail['deadlines'][number];
export type HistoryItem = Schemas['CaseHistory']['items'][number];
export type CaseRecord = Schemas['CaseRecord'];
export type AttachmentList = Schemas['AttachmentListResponse'];
export type ListedAttachment = Schemas['ListedAttachmentResponse'];
export type AddedAttachment = Schemas['AddedAttachmentResponse'];
