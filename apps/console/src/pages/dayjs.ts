/**
 * The pickers' calendar (month and weekday names) in the console's language: dayjs's locale follows i18next's. Loaded
 * with the first page that has a picker (DateInput.tsx), not with the shell.
 */
import 'dayjs/locale/zh-cn';
import i18next from '../i18n';
import { dayjs } from './date-values';

/** dayjs's locale for an i18next language. */
export const dayjsLocale = (language: string): string => (language === 'en-US' ? 'en' : 'zh-cn');

dayjs.locale(dayjsLocale(i18next.language));
i18next.on('languageChanged', (language: string) => void dayjs.locale(dayjsLocale(language)));
