/**
 * The administrators' workshop in a real headless Chromium: the administrator creates a city account (the form
 * asks for the city a city account needs), resets its password and sees the one-time password once (it signs in,
 * and the dialog does not show it again), publishes a new version of the seeded workflow with defense off (the API's
 * validation message shown at the field first; the stage gone from the live preview and from the published
 * version's stages), then creates a program on that version from the form prefilled from gd-bdpz-2019. Asserts
 * on what a person sees, and that the browser reported no errors. Screenshots in Chinese and English go to a
 * temporary directory (WORKSHOP_SHOTS=dir keeps them).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TestClock } from './support/case-seeding';
import { bootTestApp, ADMIN_PASSWORD } from './support/test-app';
import type { TestApp } from './support/test-app';
import { ConsoleHarness } from './support/console-harness';

const T0 = new Date('2019-03-01T02:00:00Z');
const SHOTS = process.env.WORKSHOP_SHOTS ?? mkdtempSync(join(tmpdir(), 'workshop-shots-'));

describe('web console: the administrators\' workshop (e2e)', () => {
  jest.setTimeout(120_000);
  let ui: ConsoleHarness;
  let t: TestApp;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ world: { t }, ui } = await ConsoleHarness.start(async () => ({ t: await bootTestApp({}, { clock: new TestClock(T0, 1000).now }) })));
    // The 400 and 422 are the workflow version and the calendar the API refuses on purpose; the 404 is the queue
    // console of a server without Redis.
    ({ page, errors } = await ui.signedIn('admin', '/workshop/users', {
      password: ADMIN_PASSWORD,
      expectedStatuses: [400, 404, 422],
      viewport: { width: 1280, height: 900 },
      timeoutMs: 15_000,
      context: { permissions: ['clipboard-read', 'clipboard-write'] },
    }));
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  it('creates a city account, resets its password and shows the one-time password once', async () => {
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('city-sz');
    await dialog.getByLabel('初始密码').fill('Shenzhen-pass-2019');
    await dialog.getByLabel('名称').fill('深圳市工业和信息化局');
    await dialog.getByLabel('角色').click();
    await page.getByTitle('市级').click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写城市代码').waitFor();
    await dialog.getByLabel('城市代码').fill('440300');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row', { name: /city-sz/ });
    await row.getByRole('cell', { name: '深圳市工业和信息化局' }).waitFor();
    await row.getByRole('cell', { name: '440300' }).waitFor();

    await row.getByRole('button', { name: '重置密码 city-sz' }).click();
    const reset = page.getByRole('dialog');
    await reset.getByText('重置后该用户原密码失效').waitFor();
    await reset.getByRole('button', { name: '生成临时密码' }).click();
    await reset.getByText('临时密码只显示这一次').waitFor();
    const temporary = await reset.getByLabel('临时密码').inputValue();
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    await reset.getByRole('button', { name: '复制' }).click();
    await reset.getByRole('button', { name: '已复制' }).waitFor();
    type Clip = { navigator: { clipboard: { readText(): Promise<string> } } };
    expect(await page.evaluate(() => (globalThis as unknown as Clip).navigator.clipboard.readText())).toBe(temporary);
    await page.screenshot({ path: join(SHOTS, 'workshop-password-zh.png') });
    await reset.getByRole('button', { name: '我已记下，关闭' }).click();
    await reset.waitFor({ state: 'detached' });
    // The password works (and must be changed); the dialog opened again does not show it.
    const login = await t.http().post('/api/v1/auth/login').send({ username: 'city-sz', password: temporary }).expect(200);
    expect(login.body.user).toMatchObject({ username: 'city-sz' });
    await row.getByText('须修改密码').waitFor();
    await row.getByRole('button', { name: '重置密码 city-sz' }).click();
    await page.getByRole('dialog').getByText('重置后该用户原密码失效').waitFor();
    expect(await page.getByRole('dialog').getByLabel('临时密码').count()).toBe(0);
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.screenshot({ path: join(SHOTS, 'workshop-users-zh.png'), fullPage: true });
  });

  it('edits an account and deactivates and reactivates it with a reason', async () => {
    const row = page.getByRole('row', { name: /city-sz/ });
    await row.getByRole('button', { name: '编辑 city-sz' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('电子邮箱').fill('not-an-address');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.getByText('请输入有效的电子邮箱').waitFor();
    await edit.getByLabel('电子邮箱').fill('sz@gdii.gov.cn');
    await edit.getByLabel('原因').fill('补充联系邮箱');
    await edit.getByRole('button', { name: '保存' }).click();
    await row.getByRole('cell', { name: 'sz@gdii.gov.cn' }).waitFor();

    await row.getByRole('button', { name: '停用 city-sz' }).click();
    const off = page.getByRole('dialog', { name: '停用用户：city-sz' });
    await off.getByRole('button', { name: '停用' }).click();
    await off.getByText('请填写原因').waitFor();
    await off.getByLabel('原因').fill('人员调整');
    await off.getByRole('button', { name: '停用' }).click();
    await off.waitFor({ state: 'detached' });
    await row.getByText('已停用').waitFor();
    await t.http().post('/api/v1/auth/login').send({ username: 'city-sz', password: 'Shenzhen-pass-2019' }).expect(401);
    // Only deactivated accounts, then back.
    await page.getByLabel('状态').click();
    await page.getByTitle('已停用').click();
    await page.getByRole('row', { name: /city-sz/ }).waitFor();
    expect(await page.getByRole('row', { name: /admin/ }).count()).toBe(0);
    await row.getByRole('button', { name: '启用 city-sz' }).click();
    const on = page.getByRole('dialog', { name: '重新启用用户：city-sz' });
    await on.getByLabel('原因').fill('复岗');
    await on.getByRole('button', { name: '启用', exact: true }).click();
    await on.waitFor({ state: 'detached' });
    await page.getByText('没有符合条件的用户').waitFor();
  });

  it('publishes a version with defense off: the stage leaves the preview and the published version', async () => {
    await page.getByRole('menuitem', { name: '流程定义' }).click();
    await page.getByRole('link', { name: '第 1 版' }).click();
    await page.getByRole('group', { name: '阶段' }).getByText('答辩', { exact: true }).waitFor();
    await page.getByRole('table', { name: '阶段' }).getByRole('row', { name: /答辩/ }).getByText('15 个工作日', { exact: true }).waitFor();
    // Durations in words, counted as the definition says (working days for the stage limits, calendar time else).
    await page.getByRole('table', { name: '阶段' }).getByRole('row', { name: /市级审核/ }).getByText('到期前 3 个工作日、1 个工作日').waitFor();
    await page.getByRole('row', { name: /^公示期/ }).getByText('7 天', { exact: true }).waitFor();
    await page.getByText(/报告周期 6 个月；报告宽限期 15 天；/).waitFor();
    expect(await page.getByText(/P6M|P10D|P15D/).count()).toBe(0);
    // The lifecycle drawn as a picture, which says in words what it draws.
    const v1 = page.getByRole('img', { name: /^生命周期图：起草 → 市级审核 → 推荐 → 专家评审 → 答辩 → 现场考察 → 公示 → 批复 → 跟踪评估；另有：培育；结束状态：/ });
    await v1.locator('canvas').waitFor();
    await page.getByRole('button', { name: '以此为基础新建版本' }).click();

    await page.getByLabel('名称', { exact: true }).fill('广东省大数据综合试验区 2019（不设答辩）');
    const stages = page.getByRole('group', { name: '新版本的阶段' });
    await stages.getByText('答辩', { exact: true }).waitFor();
    await page.getByRole('img', { name: /^新版本的生命周期图：.*专家评审 → 答辩 → 现场考察/ }).locator('canvas').waitFor();
    await page.getByRole('switch', { name: '答辩 启用' }).click();
    await stages.getByText('答辩', { exact: true }).waitFor({ state: 'detached' });
    // The server draws the edited definition: the review now leads to the site visit.
    await page.getByRole('img', { name: /^新版本的生命周期图：起草 → 市级审核 → 推荐 → 专家评审 → 现场考察 → 公示/ }).locator('canvas').waitFor();
    await stages.getByText('现场考察', { exact: true }).waitFor();
    const diff = page.getByRole('table', { name: '与第 1 版的差异' });
    await diff.getByRole('row', { name: /stages\.defense\.enabled/ }).getByText('false').waitFor();
    // The fields the form could not edit before: a stage's clock after a return, the ratings, the report grace, rounds.
    await page.getByRole('switch', { name: '市级审核 退回后重新计时' }).click();
    await page.getByRole('checkbox', { name: '优秀' }).uncheck();
    await page.getByLabel('报告宽限期', { exact: true }).fill('20');
    await page.getByLabel('整改轮次').fill('2');
    for (const [path, after] of [['stages.cityAudit.resetOnReturn', 'false'], ['monitoring.ratings', 'good, pass, fail'], ['monitoring.reportGrace', 'P20D'], ['monitoring.rectificationRounds', '2']]) {
      await diff.getByRole('row', { name: new RegExp(path.replace(/\./g, '\\.')) }).getByText(after, { exact: true }).waitFor();
    }

    // A pass mark above the rubric's 100: the API refuses it, and says so at the field.
    await page.getByLabel('通过分数线', { exact: true }).fill('120');
    await page.getByRole('button', { name: '发布新版本' }).click();
    const field = page.locator('.ant-form-item').filter({ has: page.getByLabel('通过分数线', { exact: true }) });
    await field.getByText('must not exceed the rubric maximum 100').waitFor();
    await page.getByLabel('通过分数线', { exact: true }).fill('70');
    await page.screenshot({ path: join(SHOTS, 'workshop-new-version-zh.png'), fullPage: true });
    await page.getByRole('button', { name: '发布新版本' }).click();

    await page.getByRole('heading', { name: /第 2 版/ }).waitFor();
    await page.getByRole('group', { name: '阶段' }).getByText('现场考察', { exact: true }).waitFor();
    expect(await page.getByRole('group', { name: '阶段' }).getByText('答辩', { exact: true }).count()).toBe(0);
    await page.getByRole('table', { name: '阶段' }).getByRole('row', { name: /答辩/ }).getByText('不启用').waitFor();
    await page.getByRole('table', { name: '阶段' }).getByRole('row', { name: /市级审核/ }).getByRole('cell', { name: '否', exact: true }).waitFor();
    await page.getByText(/报告周期 6 个月；报告宽限期 20 天；/).waitFor();
    await page.getByText(/评价等级 良好 \/ 合格 \/ 不合格；/).waitFor();
    await page.getByText(/整改轮次 2/).waitFor();
    await page.getByRole('img', { name: /^生命周期图：起草 → 市级审核 → 推荐 → 专家评审 → 现场考察 → 公示/ }).locator('canvas').waitFor();
    await page.screenshot({ path: join(SHOTS, 'workshop-version-2-zh.png'), fullPage: true });
  });

  it('creates a program on the new version from the form prefilled from gd-bdpz-2019', async () => {
    await page.getByRole('menuitem', { name: '申报项目' }).click();
    await page.getByRole('button', { name: '新建项目' }).click();
    await page.getByText('新建申报项目（按 gd-bdpz-2019 预填）').waitFor();
    expect(await page.getByLabel('推荐上限 1').inputValue()).not.toBe('');
    await page.getByLabel('项目标识').fill('gd-bdpz-2020');
    await page.getByLabel('项目名称', { exact: true }).fill('广东省大数据综合试验区 2020');
    await page.getByLabel('流程版本').click();
    await page.getByTitle(/gd-bdpz-2019 v2/).click();
    await page.getByRole('button', { name: '新建项目' }).last().click();
    const row = page.getByRole('row', { name: /gd-bdpz-2020/ });
    await row.getByRole('cell', { name: 'gd-bdpz-2019 v2' }).waitFor();
    await page.getByRole('link', { name: 'gd-bdpz-2019 v2' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'workshop-programs-zh.png'), fullPage: true });
    const programs = (await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body.accessToken as string;
    const list = await t.http().get('/api/v1/programs').set('Authorization', `Bearer ${programs}`).expect(200);
    expect((list.body.items as { key: string; workflow: unknown }[]).find((p) => p.key === 'gd-bdpz-2020')?.workflow).toEqual({ key: 'gd-bdpz-2019', version: 2 });
  });

  it('adds an expert with employer and home city', async () => {
    await page.getByRole('menuitem', { name: '专家库' }).click();
    await page.getByRole('button', { name: '新增专家' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('李教授');
    await dialog.getByLabel('工作单位').fill('中山大学');
    await dialog.getByLabel('所在城市代码').fill('4401');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('6 位行政区划代码').waitFor();
    await dialog.getByLabel('所在城市代码').fill('440100');
    await dialog.getByLabel('专业领域').fill('大数据');
    await dialog.getByLabel('专业领域').press('Enter');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row', { name: /李教授/ });
    await row.getByRole('cell', { name: '中山大学' }).waitFor();
    await row.getByRole('cell', { name: '440100' }).waitFor();
    await row.getByText('大数据').waitFor();
  });

  it('edits an expert\'s employer and home city (what recusal compares)', async () => {
    const row = page.getByRole('row', { name: /李教授/ });
    await row.getByRole('button', { name: '编辑 李教授' }).click();
    const dialog = page.getByRole('dialog', { name: '修改专家信息：李教授' });
    await dialog.getByText('已组建的评审组不受影响').waitFor();
    expect(await dialog.getByLabel('工作单位').inputValue()).toBe('中山大学');
    await dialog.getByLabel('所在城市代码').fill('深圳');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('6 位行政区划代码').waitFor();
    await dialog.getByLabel('所在城市代码').fill('440300');
    await dialog.getByLabel('工作单位').fill('深圳大学');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByRole('cell', { name: '深圳大学' }).waitFor();
    await row.getByRole('cell', { name: '440300' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'workshop-experts-zh.png'), fullPage: true });
    const token = (await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)).body.accessToken as string;
    const list = await t.http().get('/api/v1/experts?limit=200').set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ name: '李教授', employer: '深圳大学', homeCityCode: '440300', fields: ['大数据'] }));
  });

  it('publishes a year of the holiday calendar, with a wrong date named at its field first', async () => {
    await page.getByRole('menuitem', { name: '节假日安排' }).click();
    await page.getByLabel('年份').fill('2027');
    await page.getByText('暂定（按法定规则推算）').waitFor();
    await page.getByRole('button', { name: '发布 2027 年安排' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('通知文号').fill('国办发明电〔2026〕7号');
    await dialog.getByLabel('放假日期').fill('2027-01-01\n2027-02-30');
    await dialog.getByLabel('调休上班日期').fill('');
    await dialog.getByRole('button', { name: '发布 2027 年安排' }).click();
    await dialog.getByText('日期格式应为 YYYY-MM-DD：2027-02-30').waitFor();
    // The API's rule: the fixed statutory holidays must be there; its message lands at the field.
    await dialog.getByLabel('放假日期').fill('2027-01-01\n2027-02-05, 2027-02-08');
    await dialog.getByLabel('调休上班日期').fill('2027-02-06');
    await dialog.getByRole('button', { name: '发布 2027 年安排' }).click();
    await dialog.getByText(/Statutory holidays missing from the holidays: 2027-05-01/).waitFor();
    await dialog.getByLabel('放假日期').fill('2027-01-01 2027-02-05 2027-02-08 2027-05-01 2027-05-02 2027-10-01 2027-10-02 2027-10-03');
    await dialog.getByRole('button', { name: '发布 2027 年安排' }).click();
    await page.getByText('正式（已发布）').waitFor();
    await page.getByText('国办发明电〔2026〕7号').waitFor();
    await page.getByText('2027-02-08', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'workshop-calendar-zh.png'), fullPage: true });
  });

  it('says so when there are no job queues to open (no REDIS_URL)', async () => {
    await page.getByRole('menuitem', { name: '任务队列' }).click();
    await page.getByRole('button', { name: '打开任务队列控制台' }).click();
    await page.getByText('本服务未配置 Redis（REDIS_URL），没有任务队列。').waitFor();
  });

  it('reads in English', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('row', { name: /city-sz/ }).getByText('Must change password').waitFor();
    await page.screenshot({ path: join(SHOTS, 'workshop-users-en.png'), fullPage: true });
    await page.getByRole('menuitem', { name: 'Workflows' }).click();
    await page.getByRole('link', { name: 'Version 2' }).click();
    await page.getByRole('group', { name: 'Stages' }).waitFor();
    await page.getByRole('table', { name: 'Stages' }).getByRole('row', { name: /City audit/ }).getByText('10 working days', { exact: true }).waitFor();
    await page.getByText(/Reports every 6 months; Report grace 20 days;/).waitFor();
    expect(await page.getByText(/P6M|P10D|P20D/).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'workshop-workflow-en.png'), fullPage: true });
    await page.getByRole('menuitem', { name: 'Experts' }).click();
    await page.getByRole('row', { name: /李教授/ }).getByRole('button', { name: 'Edit 李教授' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'workshop-experts-en.png'), fullPage: true });
  });
});
