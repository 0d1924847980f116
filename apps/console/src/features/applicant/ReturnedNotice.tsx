/** A case the city returned for revision shows the city's comment while it is back in draft. */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import { returnComment } from './progress-report';

export function ReturnedNotice({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const comment = returnComment(c);
  if (comment === undefined) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      message={t('appl.returned.title')}
      description={
        <>
          <div>{t('appl.returned.comment', { comment })}</div>
          <div>{t('appl.returned.hint')}</div>
        </>
      }
    />
  );
}
