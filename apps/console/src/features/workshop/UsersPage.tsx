/**
 * 用户管理 (admin): the accounts, searched by text, role, city and status (`GET /users?q&role&cityCode&active`);
 * new accounts, edits of role and scope, deactivation and reactivation with a reason, and password resets.
 */
import { useState } from 'react';
import { Button, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
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
      <Space wrap style={{ marginBottom: 16 }} role="search" aria-label={t('workshop.common.search')}>
        <Input.Search aria-label={t('workshop.users.q')} placeholder={t('workshop.users.q')} allowClear onSearch={(q) => setFilters({ ...filters, q })} style={{ width: 220 }} />
        <Select<Role | undefined>
          aria-label={t('workshop.users.role')}
          placeholder={t('workshop.users.role')}
          allowClear
          style={{ width: 140 }}
          value={filters.role}
          onChange={(role) => setFilters({ ...filters, role })}
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <Input.Search aria-label={t('workshop.users.city')} placeholder={t('workshop.users.city')} allowClear onSearch={(cityCode) => setFilters({ ...filters, cityCode })} style={{ width: 160 }} />
        <Select<'true' | 'false' | undefined>
          aria-label={t('workshop.users.active')}
          placeholder={t('workshop.users.active')}
          allowClear
          style={{ width: 120 }}
          value={filters.active}
          onChange={(active) => setFilters({ ...filters, active })}
          options={[
            { value: 'true', label: t('workshop.users.activeYes') },
            { value: 'false', label: t('workshop.users.activeNo') },
          ]}
        />
        <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
          {t('workshop.users.create')}
        </Button>
      </Space>
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
                  {u.active ? <Tag color="green">{t('workshop.users.activeYes')}</Tag> : <Tag>{t('workshop.users.activeNo')}</Tag>}
                  {u.mustChangePassword && <Tag color="orange">{t('workshop.users.mustChange')}</Tag>}
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
