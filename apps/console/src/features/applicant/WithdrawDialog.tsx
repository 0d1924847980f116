/** 撤回申报: a warning that it is final, a required reason, then `POST /cases/:id/withdraw` with `If-Match`. */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { Schemas } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { errorLines, errorTitle } from './api-errors';

export function WithdrawDialog({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const withdraw = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await call<Schemas['CaseActionResponse']>(`/cases/${encodeURIComponent(c.id)}/withdraw`, { method: 'POST', body: { reason }, headers: { 'If-Match': `"${c.revision}"` } });
      void message.success(t('appl.withdraw.done'));
      await Promise.all(['case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, c.id] })).concat(queries.invalidateQueries({ queryKey: ['inbox'] })));
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const lines = errorLines(error, t);
  const stale = error instanceof ApiError && error.code === 'REVISION_CONFLICT';
  const reload = () => void Promise.all(['case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, c.id] }))).then(onClose);
  return (
    <Modal open title={t('appl.withdraw.title')} onCancel={onClose} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon message={t('appl.withdraw.warning')} />
        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={errorTitle(error, t)}
            description={lines.length > 0 ? lines.join('\n') : undefined}
            action={stale ? <Button onClick={reload}>{t('appl.save.reload')}</Button> : undefined}
          />
        )}
        <Form layout="vertical" onFinish={(v: { reason: string }) => void withdraw(v)}>
          <Form.Item name="reason" label={t('appl.withdraw.reason')} rules={[{ required: true, whitespace: true, message: t('appl.withdraw.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={onClose}>{t('appl.withdraw.cancel')}</Button>
            <Button danger type="primary" htmlType="submit" loading={busy}>
              {t('appl.withdraw.submit')}
            </Button>
          </Space>
        </Form>
      </Space>
    </Modal>
  );
}
