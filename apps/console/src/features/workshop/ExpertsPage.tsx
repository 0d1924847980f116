/**
 * 专家库 (admin): the expert pool (`GET /experts`), new experts (`POST /experts`) and changes to one
 * (`PATCH /experts/:id`). Employer and home city are what the recusal rules compare with an application; a change
 * counts for panels formed from then on. A retired expert's record is read-only (the API refuses a change).
 */
import { useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import { ErrorState } from '../../pages/States';
import { showApiErrors } from './api';
import type { Expert } from './api';

interface Values {
  name: string;
  homeCityCode: string;
  employer: string;
  fields: string[];
}

const trimmed = (v: Values): Values => ({ ...v, name: v.name.trim(), employer: v.employer.trim(), homeCityCode: v.homeCityCode.trim() });

function ExpertFormModal({ expert, onClose }: { expert?: Expert; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: (v: Values) =>
      expert
        ? call(`/experts/${encodeURIComponent(expert.id)}`, { method: 'PATCH', body: trimmed(v) })
        : call('/experts', { method: 'POST', body: trimmed(v) }),
    onSuccess: (_, v) => {
      void queries.invalidateQueries({ queryKey: ['experts'] });
      void message.success(expert ? t('workshop.common.saved') : t('workshop.experts.created', { name: v.name }));
      onClose();
    },
    onError: (e) => setProblems(showApiErrors(form, e)),
  });
  const req = (field: string) => ({ required: true, whitespace: true, message: t('workshop.common.required', { field: t(field) }) });
  return (
    <Modal
      open
      title={expert ? t('workshop.experts.editTitle', { name: expert.name }) : t('workshop.experts.create')}
      okText={t('workshop.common.save')}
      cancelText={t('workshop.common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void form.validateFields().then((v) => create.mutate(v), () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {expert && <Alert type="info" showIcon message={t('workshop.experts.editNote')} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={expert ? { name: expert.name, employer: expert.employer, homeCityCode: expert.homeCityCode, fields: [...expert.fields] } : { fields: [] }}
        onValuesChange={() => setProblems([])}
      >
        <Form.Item name="name" label={t('workshop.experts.name')} rules={[req('workshop.experts.name')]}>
          <Input />
        </Form.Item>
        <Form.Item name="employer" label={t('workshop.experts.employer')} rules={[req('workshop.experts.employer')]}>
          <Input />
        </Form.Item>
        <Form.Item name="homeCityCode" label={t('workshop.experts.homeCity')} rules={[req('workshop.experts.homeCity'), { pattern: /^\d{6}$/, message: t('workshop.users.codeRule') }]}>
          <Input inputMode="numeric" placeholder="440100" />
        </Form.Item>
        <Form.Item name="fields" label={t('workshop.experts.fields')} extra={t('workshop.experts.fieldsHint')}>
          <Select mode="tags" open={false} suffixIcon={null} aria-label={t('workshop.experts.fields')} />
        </Form.Item>
      </Form>
      {problems.length > 0 && <Alert type="error" showIcon message={problems.join('\n')} />}
    </Modal>
  );
}

export default function ExpertsPage() {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<{ expert?: Expert } | null>(null);
  const experts = useQuery({ queryKey: ['experts'], queryFn: () => call<Page<Expert>>('/experts?limit=200') });
  return (
    <section>
      <Typography.Title level={2}>{t('workshop.experts.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('workshop.experts.recusal')}</Typography.Paragraph>
      <Button type="primary" onClick={() => setDialog({})} style={{ marginBottom: 16 }}>
        {t('workshop.experts.create')}
      </Button>
      {experts.isError ? (
        <ErrorState error={experts.error} retry={() => void experts.refetch()} />
      ) : (
        <Table<Expert>
          rowKey="id"
          loading={experts.isPending}
          dataSource={experts.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: <Empty description={t('workshop.experts.empty')} /> }}
          columns={[
            { title: t('workshop.experts.name'), dataIndex: 'name' },
            { title: t('workshop.experts.employer'), dataIndex: 'employer' },
            { title: t('workshop.experts.homeCity'), dataIndex: 'homeCityCode' },
            { title: t('workshop.experts.fields'), render: (_, e) => e.fields.map((f) => <Tag key={f}>{f}</Tag>) },
            { title: t('workshop.experts.active'), render: (_, e) => (e.active ? t('workshop.users.activeYes') : t('workshop.users.activeNo')) },
            { title: t('workshop.experts.id'), dataIndex: 'id' },
            {
              title: t('workshop.experts.actions'),
              render: (_, e) =>
                e.active ? (
                  <Button type="link" onClick={() => setDialog({ expert: e })} aria-label={`${t('workshop.common.edit')} ${e.name}`}>
                    {t('workshop.common.edit')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{t('workshop.experts.retiredReadOnly')}</Typography.Text>
                ),
            },
          ]}
        />
      )}
      {dialog && <ExpertFormModal expert={dialog.expert} onClose={() => setDialog(null)} />}
    </section>
  );
}
