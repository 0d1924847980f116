/** Which generated documents a case has, and where each is downloaded (`GET /cases/:id/documents/…`). */
import type { CaseDetail } from '../api/types';

export type DocKey = 'applicationPdf' | 'applicationDocx' | 'keyProjects' | 'recommendationPdf' | 'recommendationDocx' | 'approvalPdf';

const FILES: Record<DocKey, string> = {
  applicationPdf: 'application.pdf',
  applicationDocx: 'application.docx',
  keyProjects: 'key-projects.xlsx',
  recommendationPdf: 'recommendation-letter.pdf',
  recommendationDocx: 'recommendation-letter.docx',
  approvalPdf: 'approval-letter.pdf',
};

export const documentPath = (caseId: string, key: DocKey): string => `/cases/${encodeURIComponent(caseId)}/documents/${FILES[key]}`;

/** A document is offered once its source exists: the saved application, a recommendation, the approval. */
export function availableDocuments(c: Pick<CaseDetail, 'application' | 'recommendations' | 'approval'>): DocKey[] {
  return [
    ...(c.application ? (['applicationPdf', 'applicationDocx', 'keyProjects'] as const) : []),
    ...(c.recommendations.length > 0 ? (['recommendationPdf', 'recommendationDocx'] as const) : []),
    ...(c.approval ? (['approvalPdf'] as const) : []),
  ];
}
