/**
 * Deactivating or reactivating an account with a reason (`POST /users/:id/deactivate|reactivate`), and a password
 * reset (`POST /users/:id/password-reset`) whose one-time password is shown once, with a copy button and a warning.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { showApiErrors } from './api';
import type { UserView } from './api';

export function UserStatusModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [problems, setProblems] = useState<string[]>([]);
  const queries = useQueryClient();
  const verb = user.active ? 'deactivate' : 'reactivate';
  const change = useMutation({
    mutationFn: (reason: string) => call(`/users/${encodeURIComponent(user.id)}/${verb}`, { method: 'POST', body: { reason } }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['users'] });
      void message.success(t(`workshop.users.${verb}d`, { name: user.username }));
      onClose();
    },
    onError: (e) => setProblems(showApiErrors(form, e)),
  });
  return (
    <Modal
      open
      title={t(`workshop.users.${verb}Title`, { name: user.username })}
      okText={t(`workshop.users.${verb}`)}
      okButtonProps={{ danger: user.active }}
      cancelText={t('workshop.common.cancel')}
      confirmLoading={change.isPending}
      onOk={() => void form.validateFields().then((v) => change.mutate(v.reason.trim()), () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('workshop.common.reason')} rules={[{ required: true, whitespace: true, message: t('workshop.common.reasonRequired') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      {problems.length > 0 && <Alert type="error" showIcon message={problems.join('\n')} />}
    </Modal>
  );
}

export function PasswordResetModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const queries = useQueryClient();
  const reset = useMutation({
    mutationFn: () => call<{ temporaryPassword: string }>(`/users/${encodeURIComponent(user.id)}/password-reset`, { method: 'POST', body: {} }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['users'] }),
  });
  const password = reset.data?.temporaryPassword;
  const copy = async () => {
    if (!password) return;
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): the password stays selectable on screen.
    }
  };
  return (
    <Modal
      open
      title={t('workshop.users.resetTitle', { name: user.username })}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        password ? (
          <Button type="primary" onClick={onClose}>
            {t('workshop.users.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('workshop.common.cancel')}</Button>
            <Button type="primary" danger loading={reset.isPending} onClick={() => reset.mutate()}>
              {t('workshop.users.resetDo')}
            </Button>
          </Space>
        )
      }
    >
      {password ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon message={t('workshop.users.tempWarning')} />
          <Typography.Text>{t('workshop.users.tempPassword')}</Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={password} aria-label={t('workshop.users.tempPassword')} style={{ fontFamily: 'monospace' }} />
            <Button onClick={() => void copy()}>{copied ? t('workshop.users.copied') : t('workshop.users.copy')}</Button>
          </Space.Compact>
        </Space>
      ) : (
        <Typography.Paragraph>{t('workshop.users.resetConfirm')}</Typography.Paragraph>
      )}
      {reset.isError && <Alert type="error" showIcon message={reset.error.message} />}
    </Modal>
  );
}
