/** Which program a page shows: the first unless the URL's `programId` names another; a choice when there are several. */
import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProgramView } from '../review/data';

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
