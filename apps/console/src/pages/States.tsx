/** The loading and error states every page shows. */
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, describeApiError } from '../api/client';

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const detail = error instanceof ApiError ? `${error.status} ${error.code ?? ''}: ${describeApiError(error)}` : error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      message={t('common.error')}
      description={detail}
      action={retry ? <Button onClick={retry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div role="status" style={{ padding: 48, textAlign: 'center' }}>
      <Spin /> {t('common.loading')}
    </div>
  );
}
