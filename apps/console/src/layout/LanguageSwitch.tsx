import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { chooseLang } from '../i18n';
import type { Lang } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Lang>
      aria-label={t('language.label')}
      size="small"
      value={i18n.language as Lang}
      onChange={chooseLang}
      options={[
        { value: 'zh-CN', label: t('language.zh') },
        { value: 'en-US', label: t('language.en') },
      ]}
    />
  );
}
