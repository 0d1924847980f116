/**
 * 任务队列 (admin): opens bull-board at /admin/queues with the console's session. A page load cannot carry the bearer
 * token, so `POST /admin/queues/session` sets a 15-minute cookie for that path first; then the board opens.
 */
import { Alert, Button, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { formatAt } from '../../pages/format';
import { ErrorState } from '../../pages/States';

export default function QueuesPage() {
  const { t, i18n } = useTranslation();
  const open = useMutation({
    mutationFn: () => call<{ path: string; expiresAt: string }>('/admin/queues/session', { method: 'POST' }),
    onSuccess: (s) => void window.open(s.path, '_blank', 'noopener'),
  });
  const noQueues = open.error instanceof ApiError && open.error.status === 404;
  return (
    <section>
      <Typography.Title level={2}>{t('workshop.queues.title')}</Typography.Title>
      <Typography.Paragraph>{t('workshop.queues.note')}</Typography.Paragraph>
      <Button type="primary" loading={open.isPending} onClick={() => open.mutate()}>
        {t('workshop.queues.open')}
      </Button>
      <div style={{ marginTop: 16 }}>
        {open.data && <Alert type="success" showIcon message={t('workshop.queues.opened', { at: formatAt(open.data.expiresAt, i18n.language) })} />}
        {noQueues && <Alert type="info" showIcon message={t('workshop.queues.unavailable')} />}
        {open.isError && !noQueues && <ErrorState error={open.error} />}
      </div>
    </section>
  );
}
