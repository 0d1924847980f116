/**
 * The form of a new account (`POST /users`) or of an edit (`PATCH /users/:id`): the scope fields shown are those
 * the chosen role has (a city for city and applicant accounts, a district for a district-level applicant, an
 * expert of the pool for an expert). The API's field messages appear at the fields.
 */
import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import { ROLES, showApiErrors } from './api';
import type { Expert, Role, UserView } from './api';

interface Values {
  username?: string;
  password?: string;
  displayName: string;
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  email?: string;
  reason?: string;
}

const CODE = /^\d{6}$/;
const blank = (v?: string) => (v?.trim() ? v.trim() : undefined);

/** The body of the request: scope fields the role does not have are left out (create) or cleared (edit). */
export function userBody(v: Values, editing: boolean): Record<string, unknown> {
  const clear = editing ? null : undefined;
  const city = v.role === 'city' || v.role === 'applicant' ? blank(v.cityCode) : undefined;
  const district = v.role === 'applicant' ? blank(v.districtCode) : undefined;
  const expert = v.role === 'expert' ? v.expertId : undefined;
  const body: Record<string, unknown> = {
    displayName: v.displayName.trim(),
    role: v.role,
    cityCode: city ?? clear,
    districtCode: district ?? clear,
    expertId: expert ?? clear,
    email: blank(v.email) ?? clear,
  };
  if (editing) body.reason = blank(v.reason);
  else Object.assign(body, { username: v.username?.trim(), password: v.password });
  return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined));
}

export function UserFormModal({ user, onClose }: { user?: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const role = Form.useWatch('role', form);
  const queries = useQueryClient();
  const experts = useQuery({ queryKey: ['experts'], queryFn: () => call<Page<Expert>>('/experts?limit=200'), enabled: role === 'expert' });
  const save = useMutation({
    mutationFn: (v: Values) =>
      user ? call(`/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: userBody(v, true) }) : call('/users', { method: 'POST', body: userBody(v, false) }),
    onSuccess: (_, v) => {
      void queries.invalidateQueries({ queryKey: ['users'] });
      void message.success(user ? t('workshop.common.saved') : t('workshop.users.created', { name: v.username }));
      onClose();
    },
    onError: (e) => setProblems(showApiErrors(form, e)),
  });
  const req = (field: string) => ({ required: true, whitespace: true, message: t('workshop.common.required', { field: t(field) }) });
  const code = { pattern: CODE, message: t('workshop.users.codeRule') };

  return (
    <Modal
      open
      title={user ? t('workshop.users.editTitle', { name: user.username }) : t('workshop.users.create')}
      okText={t('workshop.common.save')}
      cancelText={t('workshop.common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => void form.validateFields().then((v) => save.mutate(v), () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={user ? { ...user, email: user.email ?? '' } : { role: 'applicant' }}
        onValuesChange={() => setProblems([])}
      >
        {!user && (
          <>
            <Form.Item name="username" label={t('workshop.users.username')} extra={t('workshop.users.usernameRule')} rules={[req('workshop.users.username'), { pattern: /^[a-z0-9_.-]{3,32}$/, message: t('workshop.users.usernameRule') }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="password" label={t('workshop.users.password')} rules={[req('workshop.users.password'), { min: 10, message: t('workshop.users.passwordRule') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Form.Item name="displayName" label={t('workshop.users.displayName')} rules={[req('workshop.users.displayName')]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('workshop.users.role')} rules={[req('workshop.users.role')]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        {(role === 'city' || role === 'applicant') && (
          <Form.Item name="cityCode" label={t('workshop.users.city')} rules={[req('workshop.users.city'), code]}>
            <Input inputMode="numeric" placeholder="440100" />
          </Form.Item>
        )}
        {role === 'applicant' && (
          <Form.Item name="districtCode" label={t('workshop.users.district')} rules={[code]}>
            <Input inputMode="numeric" placeholder="440106" />
          </Form.Item>
        )}
        {role === 'expert' && (
          <Form.Item name="expertId" label={t('workshop.users.expertId')} rules={[req('workshop.users.expertId')]}>
            <Select showSearch optionFilterProp="label" loading={experts.isPending} options={(experts.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.employer}）` }))} />
          </Form.Item>
        )}
        <Form.Item name="email" label={t('workshop.users.email')} rules={[{ type: 'email', message: t('workshop.users.emailRule') }]}>
          <Input type="email" />
        </Form.Item>
        {user && (
          <Form.Item name="reason" label={t('workshop.common.reason')}>
            <Input />
          </Form.Item>
        )}
        {problems.length > 0 && <Alert type="error" showIcon message={t('workshop.common.fieldProblems')} description={problems.join('\n')} style={{ whiteSpace: 'pre-line' }} />}
      </Form>
    </Modal>
  );
}
