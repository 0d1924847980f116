/**
 * A real headless Chromium for the console's browser suite, driven by playwright-core: Debian's /usr/bin/chromium
 * when installed, else the one inside the @sparticuz/chromium package (a dev dependency, so `npm ci` provides it and
 * no root is needed). Never skips: when neither launches, it fails saying how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Without these Chromium keeps calling home, which this machine's closed network refuses (env notes). */
const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const sparticuz = (await import('@sparticuz/chromium')).default;
  // Its --single-process (made for AWS Lambda) lets browser contexts share localStorage: each test's profile must be
  // its own.
  const args = sparticuz.args.filter((a: string) => a !== '--single-process');
  return { executablePath: await sparticuz.executablePath(), args: [...args, ...QUIET] };
}

export async function launchChromium(): Promise<Browser> {
  try {
    const { executablePath, args } = existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM, args: ['--headless', ...QUIET] } : await packagedChromium();
    return await chromium.launch({ executablePath, args, headless: true });
  } catch (e) {
    throw new Error(
      `No Chromium could be launched for the console's browser tests (${(e as Error).message}). ` +
        '`npm ci` installs one (@sparticuz/chromium), or install Debian\'s: `apt-get install -y chromium`.',
    );
  }
}

/**
 * Collects what the page reports as errors: uncaught exceptions and console errors. The browser's own line for an
 * HTTP error answer is left out only for the statuses a test provokes on purpose (`expected`).
 */
export function consoleErrors(page: Page, expected: number[] = []): string[] {
  const errors: string[] = [];
  const allowed = new RegExp(`^Failed to load resource: the server responded with a status of (${expected.join('|') || 'none'})\\b`);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * The page at rest for an accessibility check: the pointer moved off the controls, and the page's finite CSS transitions and animations run out (a button re-enabled after an upload
 * fades its colour in over 0.2 s; on a slow machine an accessibility check could read the colour half-way). Endless
 * ones (a spinner) are not waited for.
 */
export async function settled(page: Page): Promise<void> {
  // At rest: no pointer left over the control clicked last (its hover colour is not its resting one).
  await page.mouse.move(0, 0);
  // A string: this project's TypeScript has no DOM library (the code runs in the page).
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => Number.isFinite(a.effect ? a.effect.getComputedTiming().endTime : Infinity))
    .map((a) => a.finished.catch(() => undefined))).then(() => undefined)`);
}

/**
 * Chooses the radio option named `name` (exactly) in `scope` and makes sure it is chosen before the test goes on.
 * A click on an option's text can be lost, or land on its neighbour, while a dialog still grows in (the clean-clone CI
 * runs of 3e930ef and 06f332b each submitted the defense result as 通过 after a click on 不通过 under load), and the
 * form then sends what the test never meant. Playwright's `check` clicks and then verifies the option is checked; a
 * click that did not take is tried again, twice at most.
 */
export async function choose(scope: Locator | Page, name: string): Promise<void> {
  const option = scope.getByRole('radio', { name, exact: true });
  for (let attempt = 1; ; attempt += 1) {
    try {
      await option.check();
      return;
    } catch (e) {
      if (attempt >= 3 || !/did not change its state/.test((e as Error).message)) throw e;
    }
  }
}

/**
 * Types a date (`YYYY-MM-DD`), date-time (`YYYY-MM-DD HH:mm`) or month (`YYYY-MM`) into the console's date picker
 * (pages/DateInput.tsx) as a person does: the text, checked as shown, then Tab to the next field, which closes the
 * picker's calendar (it would otherwise cover what the test clicks next). The pointer is moved out of the way first,
 * as a person typing has it: a calendar opened under it previews the hovered day in the field.
 */
export async function typeDate(field: Locator, text: string): Promise<void> {
  // The pointer off the page first: the calendar opening under it would preview the hovered day in the field.
  await field.page().mouse.move(0, 0);
  await field.fill(text);
  const shown = await field.inputValue();
  if (shown !== text) throw new Error(`typed ${text} into a date picker, which shows ${shown}`);
  await field.press('Tab');
}

/**
 * The weekday names of the date picker's calendar that `field` opens (the week starting with `first`), e.g. to see it
 * speaks the console's language. Clicks the field and reads the calendar's header, clicking again if the calendar was
 * not (or no longer) open when read: a click while the page still settles can open it and see it closed again.
 */
export async function calendarWeekdays(field: Locator, first: string): Promise<string[]> {
  const page = field.page();
  const header = page.locator('.ant-picker-dropdown:visible').filter({ has: page.getByRole('columnheader', { name: first, exact: true }) }).locator('thead th');
  for (let attempt = 1; ; attempt += 1) {
    await field.click();
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      const texts = await header.allInnerTexts();
      if (texts.length > 0) return texts;
      await page.waitForTimeout(50);
    }
    if (attempt >= 3) return [];
    await field.press('Escape');
  }
}
