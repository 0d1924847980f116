/**
 * The case page's 附件 card in a real headless Chromium: the applicant uploads the sealed 申报书 scan in its draft
 * (the kinds offered are those it may add now), sees it listed with its SHA-256, downloads it under its Chinese name,
 * is told in words why an executable named .pdf is refused, and can then submit; the city, at recommendation, is
 * offered only its 推荐函 scan. The search page shows the paper copies received against the program's five, and
 * downloads the program's export.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { TestClock } from './support/case-seeding';
import { CaseHttp, TIANHE } from './support/case-http';
import { executableFile, pdfFile } from './support/attachment-files';
import { bootTestApp } from './support/test-app';
import { typeDate } from './support/browser';
import { ConsoleHarness } from './support/console-harness';
import type { BrowserPage } from './support/console-harness';

describe('case attachments in the web console (e2e)', () => {
  let ui: ConsoleHarness;
  let h: CaseHttp;
  const files = mkdtempSync(join(tmpdir(), 'shenbao-upload-'));

  beforeAll(async () => {
    ({ ui } = await ConsoleHarness.start(async () => ({ t: await bootTestApp({}, { clock: new TestClock(new Date('2019-03-01T02:00:00Z')).now }) })));
    h = new CaseHttp(ui.t);
    await h.signInAdmin();
    await h.addUser('applicant-th', { role: 'applicant', cityCode: TIANHE.cityCode, districtCode: TIANHE.districtCode });
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    await h.addUser('prov', { role: 'province' });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  const signedIn = (user: string, path: string, expectedStatuses: number[] = []): Promise<BrowserPage> =>
    ui.signedIn(user, path, { expectedStatuses, viewport: { width: 1280, height: 900 }, timeoutMs: 15_000, context: { acceptDownloads: true }, waitForFrame: true });
  const saved = (name: string, bytes: Buffer) => {
    const path = join(files, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('lets the applicant upload its sealed scan, download it, be told why an executable is refused, and submit', async () => {
    const c = await h.createCase('applicant-th', 'city-gz', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    await h.saveApplication(c);
    const { page, errors } = await signedIn('applicant-th', `/cases/${c.id}`, [415, 422]);
    const card = page.getByRole('region', { name: '附件' });
    await card.getByText('暂无附件').waitFor();
    // Submitting before the sealed scan is attached: the 422 says which scan to upload where (no rule id, no route).
    await page.getByRole('region', { name: '可办理事项' }).getByText('提交', { exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
    const refusal = page.getByRole('dialog').getByRole('alert');
    await refusal.getByText('尚未上传加盖单位公章的申报书扫描件：请在本页「附件」中选择「申报书（盖章扫描件）」上传后再提交。').waitFor();
    expect(await refusal.innerText()).not.toMatch(/paperwork|POST|sealedApplication/);
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    // Offered: what the applicant may add to its draft, the sealed application first.
    await card.getByRole('combobox', { name: '附件类型' }).click();
    await page.getByTitle('佐证材料').waitFor();
    expect(await page.locator('.ant-select-item-option').allInnerTexts()).toEqual(['申报书（盖章扫描件）', '佐证材料']);
    await page.locator('.ant-select-item-option', { hasText: '申报书（盖章扫描件）' }).click();

    const exe = executableFile('申报书.pdf');
    await card.locator('input[type=file]').setInputFiles(saved(exe.name, exe.bytes));
    await page.getByText('「申报书.pdf」未上传：文件类型不被接受（按文件内容识别为 application/x-elf）。只收 PDF、OFD、JPG、PNG，请上传扫描件的 PDF 或图片。').waitFor();
    await card.getByText('暂无附件').waitFor();

    const scan = pdfFile('天河区申报书（盖章）.pdf', 'console');
    await card.locator('input[type=file]').setInputFiles(saved(scan.name, scan.bytes));
    await page.getByText('已上传：天河区申报书（盖章）.pdf').waitFor();
    await card.getByRole('cell', { name: '天河区申报书（盖章）.pdf', exact: true }).waitFor();
    await card.getByRole('cell', { name: '申报书（盖章扫描件）', exact: true }).waitFor();
    const digest = createHash('sha256').update(scan.bytes).digest('hex');
    await card.getByText(digest.slice(0, 12)).waitFor();
    await page.getByRole('region', { name: '办理记录' }).getByText('上传附件').waitFor();

    const [file] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '下载 天河区申报书（盖章）.pdf' }).click()]);
    expect(file.suggestedFilename()).toBe('天河区申报书（盖章）.pdf');
    expect(readFileSync((await file.path())!).equals(scan.bytes)).toBe(true);

    // The page read the case again after the upload: its submit carries the new revision.
    await page.getByRole('region', { name: '可办理事项' }).getByText('提交', { exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
    await page.getByRole('region', { name: '办理记录' }).getByText('提交申报').waitFor();
    expect(((await h.call('applicant-th', 'get', `/cases/${c.id}`).expect(200)).body as { stage: string }).stage).toBe('cityAudit');
    expect(errors).toEqual([]);
  });

  it('offers the city only its recommendation letter at recommendation, in English too', async () => {
    const c = await h.submitted('applicant-th', 'city-gz', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    const { page, errors } = await signedIn('city-gz', `/cases/${c.id}`);
    const card = page.getByRole('region', { name: '附件' });
    await card.getByRole('cell', { name: '申报书（盖章扫描件）', exact: true }).waitFor();
    expect(await card.getByRole('combobox', { name: '附件类型' }).count()).toBe(1);
    await card.getByText('推荐函（盖章扫描件）').waitFor();
    const letter = pdfFile('广州市推荐函（盖章）.pdf', 'letter');
    await card.locator('input[type=file]').setInputFiles(saved(letter.name, letter.bytes));
    await card.getByRole('cell', { name: '广州市推荐函（盖章）.pdf', exact: true }).waitFor();
    // The paper copies, matched to the sealed scan chosen by its name (not typed as 64 hexadecimal characters).
    const scan = ((await h.call('city-gz', 'get', `/cases/${c.id}/attachments`).expect(200)).body.items as { kind: string; name: string; sha256: string }[])
      .find((a) => a.kind === 'sealedApplication')!;
    await page.getByRole('region', { name: '可办理事项' }).getByRole('button', { name: '登记纸质材料' }).click();
    const form = page.getByRole('dialog');
    await typeDate(form.getByLabel('收到日期'), '2019-03-01');
    await form.getByLabel('接收人').fill('李四');
    await form.getByRole('combobox', { name: '与之一致的盖章扫描件（可不选）' }).click();
    await page.getByTitle(`${scan.name} · SHA-256 ${scan.sha256.slice(0, 12)}`).click();
    await form.getByRole('button', { name: '提交' }).click();
    await page.getByText(`收到 5 份（李四），与盖章扫描件 ${scan.sha256.slice(0, 12)} 一致`).waitFor();
    const detail = (await h.call('city-gz', 'get', `/cases/${c.id}`).expect(200)).body as { paperCopies: { receipts: { matchesSha256?: string }[] } };
    expect(detail.paperCopies.receipts[0]?.matchesSha256).toBe(scan.sha256);
    await page.getByText('English', { exact: true }).click();
    const en = page.getByRole('region', { name: 'Attachments' });
    await en.getByRole('cell', { name: 'Recommendation letter (sealed scan)', exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the paper copies received against the program’s in the search list', async () => {
    const c = await h.submitted('applicant-th', 'city-gz', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    const receipt = await h.act('city-gz', c.id, 'paper-copies', { copies: 3, receivedOn: '2019-03-01', receiver: '李四' }).expect(200);
    await h.call('prov', 'get', `/cases?minPosition=${receipt.body.position as number}`).expect(200);
    const { page, errors } = await signedIn('prov', '/search');
    await page.getByRole('heading', { name: '申报查询' }).waitFor();
    await page.getByRole('columnheader', { name: '纸质材料' }).waitFor();
    await page.getByRole('cell', { name: '3 / 5' }).waitFor();
    // The program's export, from the same page: the XLSX under its Chinese name, the case's row in it.
    const exports = page.getByRole('group', { name: '导出' });
    await exports.getByText('导出「广东省大数据综合试验区（2019年）」全部申报：').waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), exports.getByRole('button', { name: '导出 Excel（含跟踪监测表）' }).click()]);
    expect(file.suggestedFilename()).toBe('gd-bdpz-2019-申报汇总.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain(c.id);
    expect(cells).toContain(TIANHE.unitName);
    expect(errors).toEqual([]);
  });
});
