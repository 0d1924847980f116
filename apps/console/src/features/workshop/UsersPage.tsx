/**
 * 用户管理 (admin): the accounts, searched by text, role, city and status (`GET /users?q&role&cityCode&active`);
 * new accounts, edits of role and scope, deactivation and reactivation with a reason, and password resets.
 */
import { useState } from 'react';
import { Button, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import { formatAt } from '../../pages/format';
import { ErrorState } from '../../pages/States';
import { ROLES } from './api';
import type { Role, UserView } from './api';
import { UserFormModal } from './UserFormModal';
import { PasswordResetModal, UserStatusModal } from './UserActions';

interface Filters {
  q: string;
  role?: Role;
  cityCode: string;
  active?: 'true' | 'false';
}

function query(f: Filters): string {
  const p = new URLSearchParams({ limit: '200' });
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.role) p.set('role', f.role);
  if (f.cityCode.trim()) p.set('cityCode', f.cityCode.trim());
  if (f.active) p.set('active', f.active);
  return p.toString();
}

type Dialog = { kind: 'create' } | { kind: 'edit' | 'status' | 'reset'; user: UserView } | null;

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<Filters>({ q: '', cityCode: '' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const qs = query(filters);
  const users = useQuery({ queryKey: ['users', qs], queryFn: () => call<Page<UserView>>(`/users?${qs}`) });
  const close = () => setDialog(null);
  const scope = (u: UserView) => [u.cityCode, u.districtCode, u.expertId].filter(Boolean).join(' / ');

  return (
    <section aria-labelledby="users-title">
      <Typography.Title level={2} id="users-title">
        {t('workshop.users.title')}
      </Typography.Title>
      <Form layout="inline" role="search" aria-label={t('workshop.common.search')} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('workshop.users.q')} htmlFor="users-q">
          <Input.Search id="users-q" allowClear onSearch={(q) => setFilters({ ...filters, q })} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('workshop.users.role')} htmlFor="users-role">
          <Select<Role | undefined>
            id="users-role"
            allowClear
            style={{ width: 120 }}
            value={filters.role}
            onChange={(role) => setFilters({ ...filters, role })}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('workshop.users.city')} htmlFor="users-city">
          <Input.Search id="users-city" allowClear onSearch={(cityCode) => setFilters({ ...filters, cityCode })} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label={t('workshop.users.active')} htmlFor="users-active">
          <Select<'true' | 'false' | undefined>
            id="users-active"
            allowClear
            style={{ width: 110 }}
            value={filters.active}
            onChange={(active) => setFilters({ ...filters, active })}
            options={[
              { value: 'true', label: t('workshop.users.activeYes') },
              { value: 'false', label: t('workshop.users.activeNo') },
            ]}
          />
        </Form.Item>
        <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
          {t('workshop.users.create')}
        </Button>
      </Form>
      {users.isError ? (
        <ErrorState error={users.error} retry={() => void users.refetch()} />
      ) : (
        <Table<UserView>
          rowKey="id"
          loading={users.isPending}
          dataSource={users.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('workshop.users.empty')} /> }}
          columns={[
            { title: t('workshop.users.username'), dataIndex: 'username' },
            { title: t('workshop.users.displayName'), dataIndex: 'displayName' },
            { title: t('workshop.users.role'), render: (_, u) => t(`roles.${u.role}`) },
            { title: t('shell.scope'), render: (_, u) => scope(u) },
            { title: t('workshop.users.email'), render: (_, u) => u.email ?? '' },
            {
              title: t('workshop.users.active'),
              render: (_, u) => (
                <Space size={4} wrap>
                  <Tag>{t(u.active ? 'workshop.users.activeYes' : 'workshop.users.activeNo')}</Tag>
                  {u.mustChangePassword && <Tag>{t('workshop.users.mustChange')}</Tag>}
                </Space>
              ),
            },
            { title: t('workshop.users.createdAt'), render: (_, u) => formatAt(u.createdAt, i18n.language) },
            {
              title: t('workshop.users.actions'),
              render: (_, u) => (
                <Space size={0} wrap>
                  <Button type="link" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={`${t('workshop.common.edit')} ${u.username}`}>
                    {t('workshop.common.edit')}
                  </Button>
                  <Button type="link" onClick={() => setDialog({ kind: 'status', user: u })} aria-label={`${t(u.active ? 'workshop.users.deactivate' : 'workshop.users.reactivate')} ${u.username}`}>
                    {t(u.active ? 'workshop.users.deactivate' : 'workshop.users.reactivate')}
                  </Button>
                  <Button type="link" onClick={() => setDialog({ kind: 'reset', user: u })} aria-label={`${t('workshop.users.reset')} ${u.username}`}>
                    {t('workshop.users.reset')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && <UserFormModal user={dialog.kind === 'edit' ? dialog.user : undefined} onClose={close} />}
      {dialog?.kind === 'status' && <UserStatusModal user={dialog.user} onClose={close} />}
      {dialog?.kind === 'reset' && <PasswordResetModal user={dialog.user} onClose={close} />}
    </section>
  );
}
