/**
 * The 申报书 (附件2 of the notice) as blocks: the cover table, 一、基本情况, 二、现状与成效, 三、建设方案 (一)–(六) with
 * the selected tasks by name, 四、名录, and the 重点任务（项目）表 (附件3) appended, as the application is filed with it.
 */
import type { Application } from '@shenbao/domain';
import { cells, type Block, type Cell, type DocumentSpec } from './blocks';
import type { Letterhead } from './letterhead';
import { chineseMonth, chineseYear, wan } from './names';

export interface ApplicationInput {
  application: Application;
  /** Task code → name, from the program. */
  taskNames: Record<string, string>;
  letterhead?: Letterhead;
  /** The program window's opening year (the template's 二〇一九年). */
  year: number;
  /** When the application was saved: the document's date. */
  savedAt: Date;
}

const bold = (text: string, span?: number): Cell => ({ text, bold: true, ...(span ? { span } : {}) });
const orDash = (s: string | undefined): string => (s === undefined || s.trim() === '' ? '—' : s);

export const KEY_PROJECT_COLUMNS = ['序号', '任务（项目）名称', '承担单位（投资单位）', '任务（项目）内容', '总投资（万元）', '实施期限', '预期成效', '备注'] as const;

export function keyProjectRow(p: Application['keyProjects'][number]): string[] {
  const results = p.expectedRevenue !== undefined ? `${p.expectedResults}（预计产值或营业收入 ${wan(p.expectedRevenue)} 万元）` : p.expectedResults;
  return [String(p.seq), p.name, p.undertakingUnit, p.content, wan(p.totalInvestment), `${chineseMonth(p.periodStart)}—${chineseMonth(p.periodEnd)}`, results, p.remarks ?? ''];
}

function cover(a: Application, zone: string, input: ApplicationInput): Block[] {
  const c = a.cover;
  return [
    { kind: 'space', lines: 2 },
    { kind: 'title', text: zone },
    { kind: 'title', text: '申报书' },
    { kind: 'space', lines: 2 },
    {
      kind: 'table', bodyText: true, widths: [2.8, 1.1, 2.5, 1.1, 3.5], rows: [
        [bold('申报单位'), { text: `${c.unitName}（需加盖单位公章）`, span: 4 }],
        [bold('申报单位地址'), { text: c.address, span: 4 }],
        [bold('申报负责人'), ...cells('姓名', c.head.name, '手机', c.head.mobile)],
        [bold('申报事务联系人'), ...cells('姓名', c.contact.name, '手机', c.contact.mobile)],
        [{ text: '' }, ...cells('传真', orDash(c.contact.fax), '邮箱', c.contact.email)],
      ],
    },
    { kind: 'space', lines: 3 },
    ...(input.letterhead ? [{ kind: 'centered' as const, text: `${input.letterhead.issuer}制` }] : []),
    { kind: 'centered', text: `（${chineseYear(input.year)}年）` },
    { kind: 'pageBreak' },
  ];
}

function plan(a: Application, names: Record<string, string>): Block[] {
  const p = a.plan;
  const taskName = (code: string) => names[code] ?? code;
  const selected = p.selectedTasks.map((code, i) => `${i + 1}. ${taskName(code)}`);
  const custom = p.customTasks.map((t, i) => `${selected.length + i + 1}. ${t.title}（新增）：${t.description}`);
  const perTask = Object.entries(p.targets.perTask).map(([code, text]) => `${taskName(code)}：${text}`);
  return [
    { kind: 'heading', level: 1, text: '三、广东省大数据综合试验区建设方案' },
    { kind: 'heading', level: 2, text: '（一）发展现状。' },
    { kind: 'paragraph', text: p.taskStatus },
    { kind: 'heading', level: 2, text: '（二）总体思路。' },
    { kind: 'paragraph', text: p.approach },
    { kind: 'heading', level: 2, text: '（三）试验重点。' },
    { kind: 'paragraph', text: [...selected, ...custom].join('\n') },
    { kind: 'heading', level: 2, text: '（四）试验目标。' },
    { kind: 'paragraph', text: [p.targets.overall, ...perTask].join('\n') },
    { kind: 'heading', level: 2, text: '（五）具体任务。' },
    {
      kind: 'table', header: true, widths: [1, 6, 2, 3],
      rows: [cells('序号', '具体工作', '时间节点', '责任单位'), ...p.workItems.map((w, i) => cells(String(i + 1), w.title, chineseMonth(w.due), w.responsibleUnit))],
    },
    { kind: 'heading', level: 2, text: '（六）政策措施。' },
    { kind: 'paragraph', text: p.policyMeasures },
  ];
}

function directory(a: Application): Block[] {
  return [
    { kind: 'heading', level: 1, text: '四、所辖大数据领域企业、研究机构名录。' },
    {
      kind: 'table', header: true, widths: [0.8, 2.4, 1.4, 1.8, 2.2, 2, 2, 2],
      rows: [
        cells('序号', '企业（机构）名称', '入驻时间', '主要发展领域或方向', '产品或服务情况', '创新情况', '行业地位及影响力', '经济效益'),
        ...a.enterprises.map((e, i) => cells(String(i + 1), e.name, chineseMonth(e.enteredOn), e.field, e.products, orDash(e.innovation), orDash(e.standing), orDash(e.economicResults))),
      ],
    },
  ];
}

export function keyProjectBlocks(a: Application): Block[] {
  const total = a.keyProjects.reduce((sum, p) => sum + p.totalInvestment, 0);
  return [
    { kind: 'title', text: '综合试验重点任务（项目）表' },
    {
      kind: 'table', header: true, widths: [0.7, 2, 2, 3.6, 1.3, 1.9, 2.4, 1.1],
      rows: [cells(...KEY_PROJECT_COLUMNS), ...a.keyProjects.map((p) => cells(...keyProjectRow(p))), cells('', '合计', '', '', wan(total), '', '', '')],
    },
  ];
}

export function applicationDocument(input: ApplicationInput): DocumentSpec {
  const a = input.application;
  const zone = input.letterhead?.zoneName ?? '综合试验区';
  return {
    title: `${a.cover.unitName} ${zone}申报书`,
    date: input.savedAt,
    bodySize: 14,
    blocks: [
      ...cover(a, zone, input),
      { kind: 'heading', level: 1, text: '一、基本情况' },
      { kind: 'paragraph', text: a.basicSituation },
      { kind: 'heading', level: 1, text: '二、大数据发展现状、已开展的工作和取得的成效' },
      { kind: 'paragraph', text: a.currentStatus },
      ...plan(a, input.taskNames),
      ...directory(a),
      { kind: 'pageBreak', landscape: true },
      ...keyProjectBlocks(a),
    ],
  };
}
