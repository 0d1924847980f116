import { exportXlsx, exportCsv, type ExportRow } from '@shenbao/documents';
const row: ExportRow = { caseId: 'bench-case-1', unitName: '广州市天河区人民政府', level: '区县', city: '广州市', district: '天河区', partners: '', stage: '市级审核', createdOn: '2019-03-01', submittedOn: '2019-03-01', recommendedOn: '', recommendationLetters: '', reviewScore: null, publicity: '', approvedOn: '', replyLetterNo: '', totalInvestment: 5062.5 };
async function* rows(n: number) { for (let i = 0; i < n; i++) { await new Promise((r) => setImmediate(r)); yield { ...row, caseId: `c${i}` }; } }
(async () => {
  for (const [name, f] of [['xlsx', () => exportXlsx(rows(10000), new Date())], ['csv', () => exportCsv(rows(10000))]] as const) {
    const t0 = performance.now(); let bytes = 0;
    for await (const c of f()) bytes += (c as Buffer).length;
    console.log(name, Math.round(performance.now() - t0), 'ms', bytes);
  }
})();
