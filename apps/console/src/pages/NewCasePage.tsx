/**
 * 新建申报: an applicant starts a case for its own unit in an open program (`POST /cases`) and lands on the new
 * case's page. The unit's level and codes come from the account's scope, as the API requires them to.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call, describeApiError } from '../api/client';
import type { Schemas } from '../api/client';
import type { Page } from '../api/types';
import { useSession } from '../session/session';
import { ErrorState, Loading } from './States';

interface Fields {
  programId: string;
  unitName: string;
}

export default function NewCasePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const programs = useQuery({ queryKey: ['programs'], queryFn: () => call<Page<Schemas['ProgramViewDoc']>>('/programs') });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  if (programs.isPending) return <Loading />;
  if (programs.isError) return <ErrorState error={programs.error} retry={() => void programs.refetch()} />;

  const submit = async ({ programId, unitName }: Fields) => {
    setBusy(true);
    setError(null);
    const applicant: Schemas['ApplicantDto'] = user.districtCode
      ? { level: 'district', cityCode: user.cityCode ?? '', districtCode: user.districtCode, unitName }
      : { level: 'city', cityCode: user.cityCode ?? '', unitName };
    try {
      const created = await call<Schemas['CreatedCaseResponse']>('/cases', { method: 'POST', body: { programId, applicant } satisfies Schemas['CreateCaseDto'] });
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <Typography.Title level={2}>{t('newCase.title')}</Typography.Title>
      <Card style={{ maxWidth: 560 }}>
        {error && <Alert type="error" showIcon message={<span style={{ whiteSpace: 'pre-line' }}>{error}</span>} style={{ marginBottom: 16 }} />}
        <Form<Fields> layout="vertical" onFinish={submit} initialValues={{ programId: programs.data.items[0]?.id }}>
          <Form.Item name="programId" label={t('newCase.program')} rules={[{ required: true, message: t('newCase.programRequired') }]}>
            <Select options={programs.data.items.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="unitName" label={t('case.unit')} rules={[{ required: true, whitespace: true, message: t('newCase.unitRequired') }]}>
            <Input />
          </Form.Item>
          <Typography.Paragraph type="secondary">
            {t('case.cityDistrict')}: {[user.cityCode, user.districtCode].filter(Boolean).join(' / ')}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('newCase.submit')}
          </Button>
        </Form>
      </Card>
    </section>
  );
}
