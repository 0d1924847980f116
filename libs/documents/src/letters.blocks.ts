/**
 * The letters: the city's 推荐函 (附件1 of the notice, its wording kept), the province's 函复 (approval reply) and the
 * 公示 notice of a publicity batch. Letters use the GB/T 9704 body size (三号, 16 pt).
 */
import { cells, type Block, type DocumentSpec } from './blocks';
import type { Letterhead } from './letterhead';
import { chineseDate } from './names';

const LETTER_SIZE = 16;

export interface RecommendationInput {
  letterhead: Letterhead;
  letterNo: string;
  /** `YYYY-MM-DD`. */
  issuedOn: string;
  /** The recommended place (市或区县名称): 广州市天河区. */
  place: string;
  /** The recommending unit: the city's 工业和信息化主管部门. */
  unit: string;
}

export function recommendationLetter(r: RecommendationInput): DocumentSpec {
  const l = r.letterhead;
  return {
    title: `推荐函（${r.place}）`,
    date: new Date(`${r.issuedOn}T00:00:00+08:00`),
    bodySize: LETTER_SIZE,
    letter: true,
    blocks: [
      { kind: 'centered', text: r.letterNo },
      { kind: 'space', lines: 1 },
      { kind: 'title', text: '推荐函' },
      { kind: 'paragraph', indent: false, text: `${l.issuer}：` },
      {
        kind: 'paragraph',
        text: `根据《${l.noticeTitle}》（${l.noticeNo}），我单位认真组织推荐工作，现推荐${r.place}为${l.recommendedAs}。本推荐所提交的资料真实无误。`,
      },
      { kind: 'space', lines: 3 },
      { kind: 'signature', lines: [`${r.unit}（盖章）`, chineseDate(r.issuedOn)] },
    ],
  };
}

export interface ApprovalInput {
  letterhead: Letterhead;
  replyLetterNo: string;
  repliedOn: string;
  /** The applicant unit the reply is addressed to. */
  addressee: string;
  place: string;
  /** The publicity period the case went through, when known. */
  publicity?: { startsAt: string; endsAt: string };
  /** The program's target date (`YYYY-MM-DD`). */
  targetDate: string;
}

export function approvalLetter(a: ApprovalInput): DocumentSpec {
  const l = a.letterhead;
  const publicity = a.publicity ? `，并于${chineseDate(a.publicity.startsAt)}至${chineseDate(a.publicity.endsAt)}在我厅网站公示期满` : '';
  return {
    title: `关于同意${a.place}建设${l.zoneName}的函`,
    date: new Date(`${a.repliedOn}T00:00:00+08:00`),
    bodySize: LETTER_SIZE,
    letter: true,
    blocks: [
      { kind: 'centered', text: a.replyLetterNo },
      { kind: 'space', lines: 1 },
      { kind: 'title', text: `${l.issuer}关于同意${a.place}建设${l.zoneName}的函` },
      { kind: 'paragraph', indent: false, text: `${a.addressee}：` },
      {
        kind: 'paragraph',
        text: [
          `你单位报送的《${l.zoneName}申报书》及相关材料收悉。根据《${l.noticeTitle}》（${l.noticeNo}），经组织专家评审、答辩和现场考察${publicity}，同意${a.place}建设${l.zoneName}。`,
          `请按照申报书明确的试验任务和建设方案认真组织实施，于${chineseDate(a.targetDate)}前完成试验区建设目标，并按要求报送建设进展情况。我厅将对试验区的实施进度进行跟踪分析和评估评价。`,
        ].join('\n'),
      },
      { kind: 'space', lines: 3 },
      { kind: 'signature', lines: [l.issuer, chineseDate(a.repliedOn)] },
    ],
  };
}

export interface PublicityInput {
  letterhead: Letterhead;
  /** The program's name (广东省大数据综合试验区（2019年）). */
  programName: string;
  /** The period (instants); the notice is dated its first day. */
  startsAt: string;
  endsAt: string;
  /** The zones in the batch, in the batch's order. */
  zones: { unitName: string; place: string }[];
}

export function publicityNotice(p: PublicityInput): DocumentSpec {
  const l = p.letterhead;
  const period = `${chineseDate(p.startsAt)}至${chineseDate(p.endsAt)}`;
  const title = `${l.issuer}关于${l.zoneName}拟确定名单的公示`;
  return {
    title,
    date: new Date(p.startsAt),
    bodySize: LETTER_SIZE,
    letter: true,
    blocks: [
      { kind: 'title', text: title },
      {
        kind: 'paragraph',
        text: `根据《${l.noticeTitle}》（${l.noticeNo}），经组织专家评审、答辩和现场考察，现将${p.programName}拟确定名单予以公示（见下表）。`,
      },
      {
        kind: 'table', header: true, widths: [1, 5, 4],
        rows: [cells('序号', '申报单位', '试验区（市或区县）'), ...p.zones.map((z, i) => cells(String(i + 1), z.unitName, z.place))],
      },
      {
        kind: 'paragraph',
        text: [
          `公示期：${period}。`,
          `公示期间，任何单位和个人如有异议，请以书面形式向${l.issuer}反映，并提供必要的证明材料。以单位名义反映的，须加盖单位公章；以个人名义反映的，须署真实姓名并提供联系方式。匿名或逾期反映的，不予受理。`,
          `联系人：${l.contact.name}，电话：${l.contact.phone}；电子邮箱：${l.contact.email}。`,
        ].join('\n'),
      },
      { kind: 'space', lines: 2 },
      { kind: 'signature', lines: [l.issuer, chineseDate(p.startsAt)] },
    ],
  };
}
