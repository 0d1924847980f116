/** Sign-in. Says why the user is here (session expired, signed out) and returns them to the page they were on. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, login } from '../api/client';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useSession } from '../session/session';
import type { SignInState } from '../session/session';

interface Fields {
  username: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as SignInState | null)?.from ?? '/inbox';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, password }: Fields) => {
    setBusy(true);
    setError(null);
    try {
      session.start(await login(username, password));
      navigate(from === '/sign-in' ? '/inbox' : from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('signIn.failed') : e instanceof Error ? e.message : t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.title')}
            </Typography.Title>
            <LanguageSwitch />
          </Space>
          {session.ended === 'expired' && <Alert type="warning" showIcon message={t('signIn.expired')} />}
          {session.ended === 'signedOut' && <Alert type="info" showIcon message={t('signIn.signedOut')} />}
          {error && <Alert type="error" showIcon message={error} />}
          <Form<Fields> layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.username') }) }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('signIn.reloadNote')}
          </Typography.Text>
        </Space>
      </Card>
    </main>
  );
}
