/** Which program a page shows: the first unless the URL's `programId` names another; a choice when there are several. */
import type { ReactNode } from 'react';
import { Empty, Select, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../pages/States';
import type { ProgramView } from '../review/data';
import { usePrograms } from './data';

export function ProgramPicker({ programs, value, onChange }: { programs: ProgramView[]; value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  if (programs.length < 2) return null;
  return (
    <Space style={{ marginBottom: 16, width: '100%' }}>
      <label htmlFor="overview-program">{t('overview.program')}</label>
      <Select id="overview-program" value={value} onChange={onChange} options={programs.map((p) => ({ value: p.id, label: p.name }))} style={{ width: 'min(420px, calc(100vw - 120px))' }} />
    </Space>
  );
}

/**
 * The frame of a page about one program (总览, 跟踪监测): its title, the program picker kept in the URL's
 * `programId`, loading and error states, and `children(program, programs)` once a program is chosen.
 */
export function ProgramPage({ title, children }: { title: string; children: (program: ProgramView, programs: ProgramView[]) => ReactNode }) {
  const programs = usePrograms();
  const [params, setParams] = useSearchParams();
  if (programs.isPending) return <Loading />;
  if (programs.isError) return <ErrorState error={programs.error} retry={() => void programs.refetch()} />;
  const program = programs.data.items.find((p) => p.id === params.get('programId')) ?? programs.data.items[0];
  return (
    <section>
      <Typography.Title level={2}>{title}</Typography.Title>
      <ProgramPicker programs={programs.data.items} value={program?.id} onChange={(id) => setParams({ programId: id })} />
      {program ? children(program, programs.data.items) : <Empty />}
    </section>
  );
}
