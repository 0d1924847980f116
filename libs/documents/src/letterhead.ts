/**
 * What the letters say about the program that the program's settings do not hold: who issued the notice, its title
 * and number, what the zones are called, where objections go. Taken from the notice itself (shared/seed, 粤工信数字
 * 产业函〔2019〕452号) for `gd-bdpz-2019`; a program without an entry here gets no generated letters (the caller
 * answers that there is none) rather than letters with an invented issuer.
 */
export interface Letterhead {
  /** The department that issued the notice and replies (广东省工业和信息化厅). */
  issuer: string;
  noticeTitle: string;
  noticeNo: string;
  /** What an approved case becomes (广东省大数据综合试验区). */
  zoneName: string;
  /** What a recommended case is put forward as (重点培育对象). */
  recommendedAs: string;
  /** The notice's contact, for objections during publicity. */
  contact: { name: string; phone: string; email: string };
}

const LETTERHEADS: Record<string, Letterhead> = {
  'gd-bdpz-2019': {
    issuer: '广东省工业和信息化厅',
    noticeTitle: '广东省工业和信息化厅关于开展广东省大数据综合试验区建设申报工作的通知',
    noticeNo: '粤工信数字产业函〔2019〕452号',
    zoneName: '广东省大数据综合试验区',
    recommendedAs: '广东省大数据综合试验区重点培育对象',
    contact: { name: '夏鹏', phone: '020-83133263', email: 'jxwbzc@gd.gov.cn' },
  },
};

export const letterheadFor = (programKey: string): Letterhead | undefined => LETTERHEADS[programKey];
export const programsWithLetterheads = (): string[] => Object.keys(LETTERHEADS);
