/**
 * Ant Design's design tokens, changed only where its defaults fail WCAG 2.1 AA contrast (4.5:1 for normal text), as
 * the accessibility check (test/e2e/console-a11y.e2e-spec.ts, axe-core) found: the default blue #1677ff on white is
 * 4.1:1 and on the selected menu item's pale blue 3.6:1; secondary text at 45 % black is 4.0:1. The darker blue of
 * the same palette (blue-7) and secondary text at 65 % black pass, and keep the look of an Ant Design back office.
 */
import type { ThemeConfig } from 'antd';

const BLUE_7 = '#0958d9';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BLUE_7,
    colorInfo: BLUE_7,
    colorLink: BLUE_7,
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  },
};
