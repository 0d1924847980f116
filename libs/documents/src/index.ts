/**
 * Public API of @shenbao/documents: the program's paperwork rendered from case data, pure (no I/O but reading the
 * font files): the 申报书 (附件2) with the 重点任务（项目）表 (附件3), the 推荐函 (附件1), the 函复 and the 公示 notice, as
 * PDF (pdfkit), DOCX (docx), XLSX (exceljs) and HTML; and the program export's rows (CSV and streamed XLSX).
 */
export type { Block, Cell, DocumentSpec } from './blocks';
export { applicationDocument, keyProjectBlocks, keyProjectRow, KEY_PROJECT_COLUMNS, type ApplicationInput } from './application.blocks';
export {
  approvalLetter, publicityNotice, recommendationLetter, type ApprovalInput, type PublicityInput, type RecommendationInput,
} from './letters.blocks';
export { letterheadFor, programsWithLetterheads, type Letterhead } from './letterhead';
export { chineseDate, chineseYear, districtSuffix, placeName, type RegionNames } from './names';
export { renderPdf } from './render-pdf';
export { renderDocx } from './render-docx';
export { renderHtml, escapeHtml } from './render-html';
export { keyProjectsXlsx, KEY_PROJECTS_SHEET } from './key-projects.xlsx';
export { readKeyProjectsXlsx, MAX_UNPACKED_BYTES, type KeyProjectProblem, type KeyProjectsUpload } from './key-projects.read';
export { exportRow, EXPORT_COLUMNS, type ExportCase, type ExportColumn, type ExportRow } from './export/export-row';
export { exportCsv, exportXlsx, csvField, EXPORT_SHEET, type MonitoringInput } from './export/export-writers';
export { MONITORING_SHEET, type MonitoringZone } from './export/monitoring-sheet';
