/**
 * `npm run console:screenshots`: the console's main pages in both languages, at 1280×800 and on a 390-pixel phone,
 * into docs/screenshots/. Boots the API on a temporary DATA_DIR (clock inside the seeded 2019 program's window),
 * seeds a city and a district with two submitted cases over HTTP, and drives the same Chromium as the browser tests.
 * The paperwork too: a submit refused for the missing sealed scan, a refused upload, the paper-copies form.
 * The province's overview (search, dashboard, monitoring) is shot over the e2e monitoring scenario
 * (console-screenshots-overview.ts). Chinese needs a CJK font, which this machine's Chromium lacks: the pages get Noto Sans SC from @fontsource.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createApp } from '../apps/api/src/app.factory';
import { loadConfig } from '@shenbao/host';
import { completeApplication } from '../test/e2e/support/case-seeding';
import { launchChromium } from '../test/e2e/support/browser';
import { overviewShots } from './console-screenshots-overview';

const root = join(__dirname, '..');
const OUT = join(root, 'docs', 'screenshots');
const FONTS = join(root, 'node_modules', '@fontsource', 'noto-sans-sc');
const ADMIN = 'Shots-Admin-2019';
const PASSWORD = 'Shots-pass-2019';
const TIANHE = { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' };
const T0 = new Date('2019-03-04T02:00:00Z');

type Http = ReturnType<typeof request>;

/** The district's draft, saved with two sections still blank (the editor lists them as missing). */
async function seedDraft(http: () => Http): Promise<string> {
  const token = (await http().post('/api/v1/auth/login').send({ username: 'tianhe', password: PASSWORD }).expect(200)).body.accessToken as string;
  const as = { Authorization: `Bearer ${token}` };
  const programs = (await http().get('/api/v1/programs').set(as).expect(200)).body.items as { id: string; key: string }[];
  const programId = programs.find((p) => p.key === 'gd-bdpz-2019')!.id;
  const id = (await http().post('/api/v1/cases').set(as).send({ programId, applicant: TIANHE }).expect(201)).body.id as string;
  const draft = completeApplication(TIANHE.unitName);
  draft.basicSituation = '';
  draft.plan.policyMeasures = '';
  await http().put(`/api/v1/cases/${id}/application`).set(as).send(draft).expect(200);
  return id;
}

/** A complete draft without the sealed scan the program asks for before submitting (its submit is refused). */
async function seedUnscanned(http: () => Http): Promise<string> {
  const token = (await http().post('/api/v1/auth/login').send({ username: 'tianhe', password: PASSWORD }).expect(200)).body.accessToken as string;
  const as = { Authorization: `Bearer ${token}` };
  const programs = (await http().get('/api/v1/programs').set(as).expect(200)).body.items as { id: string; key: string }[];
  const programId = programs.find((p) => p.key === 'gd-bdpz-2019')!.id;
  const id = (await http().post('/api/v1/cases').set(as).send({ programId, applicant: TIANHE }).expect(201)).body.id as string;
  await http().put(`/api/v1/cases/${id}/application`).set(as).send(completeApplication(TIANHE.unitName)).expect(200);
  return id;
}

/**
 * The paperwork as the applicant and the city meet it: a submit refused for the missing sealed scan, an executable
 * named .pdf refused on upload, and the city's form for the paper copies (一式五份) received.
 */
async function paperworkShots(page: Page, base: string, tag: 'zh' | 'en', labels: readonly [string, string, string], unscanned: string, submitted: string): Promise<void> {
  const zh = tag === 'zh';
  await page.goto(`${base}/cases/${unscanned}`);
  await signIn(page, 'tianhe', [...labels]);
  await page.getByRole('region', { name: zh ? '可办理事项' : 'What you can do' }).getByText(zh ? '提交' : 'Submit', { exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: zh ? '确定提交' : 'Submit' }).click();
  await page.getByRole('dialog').getByRole('alert').waitFor();
  await shot(page, `${tag}-submit-needs-scan`);
  await page.getByRole('dialog').getByRole('button', { name: zh ? '取消' : 'Cancel' }).click();
  const card = page.getByRole('region', { name: zh ? '附件' : 'Attachments' });
  await card.locator('input[type=file]').setInputFiles({ name: zh ? '申报书.pdf' : 'application.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(120).fill(0)]) });
  await page.getByText(zh ? /文件类型不被接受/ : /not accepted/).waitFor();
  await shot(page, `${tag}-attachment-refused`);
  await page.goto(`${base}/cases/${submitted}`);
  await signIn(page, 'city-gz', [...labels]);
  await page.getByRole('button', { name: zh ? '登记纸质材料' : 'Record paper copies' }).click();
  await page.getByRole('dialog').waitFor();
  await shot(page, `${tag}-paper-copies`);
}

async function seed(http: () => Http): Promise<string[]> {
  const token = async (username: string, password: string) => (await http().post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken as string;
  const admin = await token('admin', ADMIN);
  const as = (t: string) => ({ Authorization: `Bearer ${t}` });
  await http().post('/api/v1/users').set(as(admin)).send({ username: 'city-gz', password: PASSWORD, displayName: '广州市工信局 王科长', role: 'city', cityCode: '440100' }).expect(201);
  await http().post('/api/v1/users').set(as(admin)).send({ username: 'tianhe', password: PASSWORD, displayName: '天河区 李主任', role: 'applicant', cityCode: '440100', districtCode: '440106' }).expect(201);
  await http().post('/api/v1/experts').set(as(admin)).send({ name: '王教授', homeCityCode: '440300', employer: '深圳大学', fields: ['大数据', '智能制造'] }).expect(201);
  const applicant = await token('tianhe', PASSWORD);
  const programs = (await http().get('/api/v1/programs').set(as(admin)).expect(200)).body.items as { id: string; key: string }[];
  const programId = programs.find((p) => p.key === 'gd-bdpz-2019')!.id;
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = (await http().post('/api/v1/cases').set(as(applicant)).send({ programId, applicant: TIANHE }).expect(201)).body.id as string;
    await http().put(`/api/v1/cases/${id}/application`).set(as(applicant)).send(completeApplication(TIANHE.unitName)).expect(200);
    // The sealed 申报书 scan the seeded program asks for before submitting (shown in the case page's 附件 card).
    await http()
      .post(`/api/v1/cases/${id}/attachments`)
      .set(as(applicant))
      .field('kind', 'sealedApplication')
      .attach('file', Buffer.from(`%PDF-1.4\n% sealed application ${i + 1}\n%%EOF\n`, 'latin1'), { filename: `天河区申报书（盖章）.pdf`, contentType: 'application/pdf' })
      .expect(201);
    await http().post(`/api/v1/cases/${id}/submit`).set(as(applicant)).send({}).expect(200);
    ids.push(id);
  }
  const city = await token('city-gz', PASSWORD);
  // A third case the city passed: the 出具推荐函 dialog, with the letter to seal offered from its number and date.
  const third = (await http().post('/api/v1/cases').set(as(applicant)).send({ programId, applicant: TIANHE }).expect(201)).body.id as string;
  await http().put(`/api/v1/cases/${third}/application`).set(as(applicant)).send(completeApplication(TIANHE.unitName)).expect(200);
  await http()
    .post(`/api/v1/cases/${third}/attachments`)
    .set(as(applicant))
    .field('kind', 'sealedApplication')
    .attach('file', Buffer.from('%PDF-1.4\n% sealed application 3\n%%EOF\n', 'latin1'), { filename: '天河区申报书（盖章）.pdf', contentType: 'application/pdf' })
    .expect(201);
  await http().post(`/api/v1/cases/${third}/submit`).set(as(applicant)).send({}).expect(200);
  await http().post(`/api/v1/cases/${third}/city-audit`).set(as(city)).send({ decision: 'pass' }).expect(200);
  ids.push(third);
  for (let i = 0; i < 100; i++) {
    const items = (await http().get('/api/v1/inbox').set(as(city)).expect(200)).body.items as unknown[];
    if (items.length >= 3) return ids;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the city inbox never showed the seeded cases');
}

/** Noto Sans SC (400) for every text on the page, served from the @fontsource package. */
async function withCjkFont(context: BrowserContext): Promise<void> {
  await context.route('**/__fonts/*', (route) => route.fulfill({ path: join(FONTS, 'files', new URL(route.request().url()).pathname.split('/').pop()!) }));
  const css = `${readFileSync(join(FONTS, '400.css'), 'utf8').replaceAll('./files/', '/__fonts/')} body, body * { font-family: 'Noto Sans SC', sans-serif !important; }`;
  await context.addInitScript(
    `document.addEventListener('DOMContentLoaded', () => document.head.appendChild(Object.assign(document.createElement('style'), { textContent: ${JSON.stringify(css)} })))`,
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  // Opening a dialog animates: wait until nothing on the page is moving.
  await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')");
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  process.stdout.write(`[console:screenshots] ${name}.png\n`);
}

async function signIn(page: Page, user: string, labels: [string, string, string]): Promise<void> {
  await page.getByLabel(labels[0]).fill(user);
  await page.getByLabel(labels[1]).fill(PASSWORD);
  await page.getByRole('button', { name: labels[2] }).click();
}

/** The administrators' workshop: users, a workflow version and its new-version form with defense off, programs, calendar, experts. */
async function workshopShots(page: Page, base: string, tag: 'zh' | 'en', labels: readonly [string, string, string]): Promise<void> {
  const zh = tag === 'zh';
  await page.goto(`${base}/workshop/users`);
  await page.getByLabel(labels[0]).fill('admin');
  await page.getByLabel(labels[1]).fill(ADMIN);
  await page.getByRole('button', { name: labels[2] }).click();
  await page.getByRole('cell', { name: 'city-gz', exact: true }).first().waitFor();
  await shot(page, `${tag}-workshop-users`);
  await page.getByRole('menuitem', { name: zh ? '流程定义' : 'Workflows' }).click();
  await page.getByRole('link', { name: zh ? '第 1 版' : 'Version 1' }).click();
  await page.getByRole('img', { name: zh ? /^生命周期图/ : /^Lifecycle diagram/ }).locator('canvas').waitFor();
  await shot(page, `${tag}-workshop-workflow`);
  await page.getByRole('button', { name: zh ? '以此为基础新建版本' : 'New version from this one' }).click();
  await page.getByRole('switch', { name: zh ? '答辩 启用' : 'Defense On' }).click();
  await shot(page, `${tag}-workshop-new-version`);
  await page.getByRole('menuitem', { name: zh ? '申报项目' : 'Programs' }).click();
  await page.getByRole('button', { name: zh ? '新建项目' : 'New program' }).click();
  await shot(page, `${tag}-workshop-programs`);
  await page.getByRole('menuitem', { name: zh ? '节假日安排' : 'Holiday calendar' }).click();
  await page.getByText(zh ? '通知文号' : 'Notice number').waitFor();
  await shot(page, `${tag}-workshop-calendar`);
  await page.getByRole('menuitem', { name: zh ? '专家库' : 'Experts' }).click();
  await page.getByRole('button', { name: `${zh ? '编辑' : 'Edit'} 王教授` }).click();
  await page.getByRole('dialog').getByLabel(zh ? '工作单位' : 'Employer').waitFor();
  await shot(page, `${tag}-workshop-experts`);
  await page.getByRole('dialog').getByRole('button', { name: zh ? '取消' : 'Cancel' }).click();
}

/** The draft's 重点任务（项目）表 as the applicant fills it in Excel, with two mistakes (an amount in words, a period backwards). */
async function filledWithMistakes(http: () => Http, caseId: string): Promise<Buffer> {
  const token = (await http().post('/api/v1/auth/login').send({ username: 'tianhe', password: PASSWORD }).expect(200)).body.accessToken as string;
  const res = await http().get(`/api/v1/cases/${caseId}/documents/key-projects.xlsx`).set({ Authorization: `Bearer ${token}` }).buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ArrayBuffer);
  wb.worksheets[0]!.spliceRows(4, 0,
    [2, '城市运行管理中心', '区城市管理局', '建设城市运行管理平台，接入 30 个部门的数据。', '约五百万', '2019年7月—2021年6月', '接入 30 个部门'],
    [3, '数据交易服务平台', '区数据交易中心', '建设数据交易撮合与确权服务平台。', 800, '2021年1月—2019年12月', '年交易额 1 亿元']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-console.cjs'), '--if-stale'], { stdio: 'inherit' });
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-shots-'));
  const app = await createApp(loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: ADMIN, LOG_LEVEL: 'silent' }), { passwordHashing: 'fast', clock: () => new Date(T0) });
  const browser = await launchChromium();
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const submitted = await seed(() => request(app.getHttpServer()));
    const draft = await seedDraft(() => request(app.getHttpServer()));
    const unscanned = await seedUnscanned(() => request(app.getHttpServer()));
    for (const [lang, labels] of [
      ['zh-CN', ['用户名', '密码', '登录']],
      ['en-US', ['Username', 'Password', 'Sign in']],
    ] as const) {
      const tag = lang === 'zh-CN' ? 'zh' : 'en';
      for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
        // bypassCSP: Playwright's wait for the animations to settle compiles its predicate in the page, which the
        // API's script-src 'self' forbids; the console itself runs under that policy in test/e2e/console.e2e-spec.ts.
        const context = await browser.newContext({ viewport, locale: lang, timezoneId: 'Asia/Shanghai', bypassCSP: true });
        await context.addInitScript(`localStorage.setItem('shenbao.lang', ${JSON.stringify(lang)})`);
        await withCjkFont(context);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        await page.goto(`${base}/inbox`);
        await page.getByLabel(labels[0]).waitFor();
        if (device === 'desktop') await shot(page, `${tag}-sign-in`);
        await signIn(page, 'city-gz', [...labels]);
        await page.getByRole('link').nth(1).waitFor();
        await shot(page, `${tag}-${device}-inbox`);
        // The first submitted case (the third, audited, waits for its recommendation).
        await page.locator(`a[href="/cases/${encodeURIComponent(submitted[0]!)}"]`).first().click();
        await page.getByRole('heading', { name: TIANHE.unitName }).waitFor();
        await page.getByRole('region', { name: tag === 'zh' ? '办理记录' : 'History' }).getByText(tag === 'zh' ? '提交申报' : 'Submitted', { exact: true }).waitFor();
        await shot(page, `${tag}-${device}-case`);
        if (device === 'desktop') {
          await page.getByRole('button', { name: tag === 'zh' ? '市级审核' : 'City audit' }).click();
          await page.getByRole('dialog').waitFor();
          await shot(page, `${tag}-city-audit`);
          await page.getByRole('dialog').getByRole('button', { name: tag === 'zh' ? '取消' : 'Cancel' }).click();
          // The recommendation dialog: the letter to print and seal is offered once its number and date are in.
          await page.goto(`${base}/cases/${submitted[2]}`);
          await signIn(page, 'city-gz', [...labels]);
          await page.getByRole('button', { name: tag === 'zh' ? '出具推荐函' : 'Issue the recommendation' }).click();
          await page.getByRole('dialog').getByLabel(tag === 'zh' ? '推荐函文号' : 'Letter number').fill('穗工信函〔2019〕58号');
          await shot(page, `${tag}-recommendation-letter`);
          // The date picker's calendar, in the console's language whatever the browser's.
          await page.getByRole('dialog').getByLabel(tag === 'zh' ? '出具日期' : 'Issued on').click();
          await page.locator('.ant-picker-dropdown:visible').waitFor();
          await shot(page, `${tag}-date-picker`);
          await page.keyboard.press('Escape');
          // The applicant's 新建申报, on a new page load (so a new sign-in).
          await page.goto(`${base}/cases/new`);
          await signIn(page, 'tianhe', [...labels]);
          await page.getByRole('heading', { name: tag === 'zh' ? '新建申报' : 'New application' }).waitFor();
          await shot(page, `${tag}-new-case`);
          // The applicant's 申报书 editor on a draft with two sections still blank.
          await page.goto(`${base}/cases/${draft}/application`);
          await signIn(page, 'tianhe', [...labels]);
          await page.getByRole('heading', { name: `${tag === 'zh' ? '申报书' : 'Application form'} · ${TIANHE.unitName}` }).waitFor();
          await shot(page, `${tag}-application-editor`);
          // 附件3 with a filled-in table refused: the problems by row and column, next to the table.
          const annex3 = page.getByRole('region', { name: tag === 'zh' ? '附件3 综合试验重点任务（项目）表' : 'Annex 3: key tasks (projects)' });
          await annex3.locator('input[type=file]').setInputFiles({
            name: '重点任务表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await filledWithMistakes(() => request(app.getHttpServer()), draft),
          });
          await annex3.getByRole('alert').waitFor();
          await page.evaluate('document.fonts.ready.then(() => undefined)');
          await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')");
          await annex3.screenshot({ path: join(OUT, `${tag}-key-projects-upload.png`) });
          process.stdout.write(`[console:screenshots] ${tag}-key-projects-upload.png\n`);
          await paperworkShots(page, base, tag, labels, unscanned, submitted[0]!);
          await workshopShots(page, base, tag, labels);
        }
        await context.close();
      }
    }
    await overviewShots(
      browser,
      async (lang, viewport) => {
        const context = await browser.newContext({ viewport, locale: lang, timezoneId: 'Asia/Shanghai', bypassCSP: true });
        await context.addInitScript(`localStorage.setItem('shenbao.lang', ${JSON.stringify(lang)})`);
        await withCjkFont(context);
        return context;
      },
      shot,
    );
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`console:screenshots failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
