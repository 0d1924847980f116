/**
 * The paperwork refusals as the people who meet them read them, in their language, saying what to do: a file
 * refused on upload (413 over a limit, 415 not a PDF/OFD/JPG/PNG by its content) names the file and the limit or
 * the type found; a submit or recommendation refused for a missing sealed scan (422 RULE_VIOLATION
 * `paperwork.sealedApplication` / `paperwork.recommendationLetter`) says which scan to upload where — instead of the
 * API's English sentence with its rule id and route.
 */
import type { TFunction } from 'i18next';
import { ApiError, describeApiError } from '../api/client';

const PAPERWORK_RULES = ['paperwork.sealedApplication', 'paperwork.recommendationLetter'] as const;

/** A refused upload of `fileName` in words. */
export function uploadRefusal(e: ApiError, fileName: string, t: TFunction): string {
  const details = Array.isArray(e.body?.details) ? (e.body.details as { limit?: string; detectedType?: string | null }[]) : [];
  if (e.status === 413) {
    return details.some((d) => d.limit === 'case') ? t('attachments.caseFull', { name: fileName }) : t('attachments.tooLarge', { name: fileName });
  }
  if (e.status === 415) {
    const found = details.find((d) => 'detectedType' in d)?.detectedType;
    return found ? t('attachments.unsupported', { name: fileName, type: found }) : t('attachments.unrecognised', { name: fileName });
  }
  return describeApiError(e);
}

/** The sentence for a paperwork rule of a 422, or undefined for any other rule. */
export function paperworkRule(rule: string | undefined, t: TFunction): string | undefined {
  return rule !== undefined && (PAPERWORK_RULES as readonly string[]).includes(rule) ? t(`attachments.required.${rule.replace('paperwork.', '')}`) : undefined;
}
