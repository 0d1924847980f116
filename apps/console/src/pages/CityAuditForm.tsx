/**
 * The city's audit of a submitted case: pass, or return with a comment. Sent with `If-Match` of the revision the
 * page showed, so a change by someone else in between is a 409 REVISION_CONFLICT, shown with a reload — never a
 * silent overwrite.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Radio } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call, describeApiError } from '../api/client';
import type { CityAuditBody } from '../api/client';

export function CityAuditForm({ caseId, revision, onClose }: { caseId: string; revision: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<CityAuditBody>();
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => Promise.all(['case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, caseId] })).concat(queries.invalidateQueries({ queryKey: ['inbox'] })));

  const submit = async (body: CityAuditBody) => {
    setBusy(true);
    setError(null);
    try {
      await call(`/cases/${encodeURIComponent(caseId)}/city-audit`, { method: 'POST', body, headers: { 'If-Match': `"${revision}"` } });
      void message.success(t('audit.done'));
      await refresh();
      onClose();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const conflict = error?.code === 'REVISION_CONFLICT';
  return (
    <Modal open title={t('audit.title')} onCancel={onClose} footer={null} destroyOnHidden>
      {conflict && (
        <Alert type="warning" showIcon message={t('audit.conflict')} action={<Button onClick={() => void refresh().then(onClose)}>{t('audit.reload')}</Button>} style={{ marginBottom: 16 }} />
      )}
      {error && !conflict && <Alert type="error" showIcon message={<span style={{ whiteSpace: 'pre-line' }}>{describeApiError(error)}</span>} style={{ marginBottom: 16 }} />}
      <Form<CityAuditBody> form={form} layout="vertical" initialValues={{ decision: 'pass' }} onFinish={submit}>
        <Form.Item name="decision" label={t('audit.decision')}>
          <Radio.Group
            options={[
              { value: 'pass', label: t('audit.pass') },
              { value: 'return', label: t('audit.return') },
            ]}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('audit.comment')} rules={[{ required: decision === 'return', whitespace: true, message: t('audit.commentRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={conflict}>
          {t('audit.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
