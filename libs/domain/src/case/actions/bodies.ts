/** Bodies several case actions share: a reason, a comment, nothing at all. */
import { object, text } from '../../shared/input-schema';

/** The most a free-text reason or comment of a case action may hold. */
export const TEXT_MAX = 2000;
/** The most a longer free text may hold (an expert's comment, site-visit findings), where no tighter limit applies. */
export const LONG_TEXT_MAX = 5000;

export const reasonBody = object('CaseReasonDto', { reason: text(TEXT_MAX, { example: '申报材料需进一步完善' }) });
export const commentBody = object('CommentDto', { comment: text(TEXT_MAX, { example: '同意' }) });
/** For actions without input: any field sent is refused as unknown. */
export const emptyBody = object('EmptyBodyDto', {});
