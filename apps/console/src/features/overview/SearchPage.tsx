/**
 * 申报查询 (province, city, admin): unit name or case number (part of it), city, district, stage, overdue (and the
 * role holding the overdue work) and the submission dates; the API's sorts on the columns; pages by the API's cursor. The filters live in the URL, so a
 * search can be shared and the dashboard's figures link here; each row opens its case. The program's export (XLSX,
 * CSV) is offered above the results.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import type { components } from '../../api/schema';
import { formatAt } from '../../pages/format';
import { DateInput } from '../../pages/DateInput';
import { ErrorState } from '../../pages/States';
import { useSession } from '../../session/session';
import { placeName } from '../review/data';
import { usePrograms } from './data';
import { ExportButtons } from './ExportButtons';
import { casesPath, filtersFromParams, HOLDER_ROLES, MAX_Q, paramsFromFilters, problemsOf } from './filters';
import type { CaseFilters, Sort } from './filters';

type Item = components['schemas']['CaseListItem'];
const STAGES: Item['stage'][] = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'cultivation', 'withdrawn', 'rejected', 'notSelected', 'revoked', 'completed'];
type FormValues = Omit<CaseFilters, 'overdue' | 'sort'> & { overdue?: 'true' | 'false' };
/** Each sortable column: the API's sort for ascending and for descending order (null: not offered). */
const COLUMN_SORTS: Record<string, [Sort, Sort | null]> = { unitName: ['unitName', null], updatedAt: ['updatedAt', '-updatedAt'], dueAt: ['dueAt', null] };

export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [form] = Form.useForm<FormValues>();
  // The cursors of the pages before this one, for this search only (a cursor is valid only for the search it came from).
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: '', cursors: [] });
  const programs = usePrograms();
  const problems = problemsOf(filters);
  const key = params.toString();
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({ ...filters, overdue: filters.overdue === undefined ? undefined : filters.overdue ? 'true' : 'false' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const cursors = paging.key === key ? paging.cursors : [];
  const setCursors = (next: string[]) => setPaging({ key, cursors: next });
  const cursor = cursors[cursors.length - 1];
  const cases = useQuery({
    queryKey: ['cases', 'search', key, cursor],
    enabled: problems.length === 0,
    placeholderData: keepPreviousData,
    queryFn: () => call<Page<Item>>(casesPath(filters, cursor)),
  });

  const allPrograms = programs.data?.items ?? [];
  const chosenProgram = Form.useWatch('programId', form) ?? filters.programId;
  const program = allPrograms.find((p) => p.id === chosenProgram) ?? allPrograms[0];
  const regions = (program?.regions ?? []).filter((r) => user?.role !== 'city' || r.cityCode === user.cityCode);
  const chosenCity = Form.useWatch('cityCode', form) ?? filters.cityCode;
  const districts = regions.filter((r) => !chosenCity || r.cityCode === chosenCity).flatMap((r) => r.districts);

  const apply = (v: FormValues) => {
    const next: CaseFilters = { ...v, overdue: v.overdue === undefined ? undefined : v.overdue === 'true', sort: filters.sort };
    setParams(paramsFromFilters(next));
  };
  const onTable: TableProps<Item>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const pair = s?.columnKey ? COLUMN_SORTS[String(s.columnKey)] : undefined;
    const sort = !pair || !s?.order ? undefined : s.order === 'ascend' ? pair[0] : (pair[1] ?? pair[0]);
    setParams(paramsFromFilters({ ...filters, sort }));
  };
  const orderOf = (column: string): 'ascend' | 'descend' | null => {
    const pair = COLUMN_SORTS[column];
    if (!pair || !filters.sort) return null;
    return filters.sort === pair[0] ? 'ascend' : filters.sort === pair[1] ? 'descend' : null;
  };
  const sortable = (column: string) => ({ key: column, sorter: true, sortOrder: orderOf(column), sortDirections: (COLUMN_SORTS[column]?.[1] ? ['ascend', 'descend'] : ['ascend']) as ('ascend' | 'descend')[] });
  const problemAt = (field: string) => problems.filter((p) => p.field === field).map((p) => t(`overview.search.problems.${p.key}`, { max: MAX_Q }));

  return (
    <section>
      <Typography.Title level={2}>{t('overview.search.title')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues> form={form} layout="inline" onFinish={apply} aria-label={t('overview.search.title')} style={{ rowGap: 8 }}>
          <Form.Item name="q" label={t('overview.search.q')} validateStatus={problemAt('q').length ? 'error' : undefined} help={problemAt('q')[0]}>
            <Input allowClear placeholder={t('overview.search.qPlaceholder')} style={{ width: 220 }} />
          </Form.Item>
          {allPrograms.length > 1 && (
            <Form.Item name="programId" label={t('overview.program')}>
              <Select allowClear style={{ width: 260 }} options={allPrograms.map((p) => ({ value: p.id, label: p.name }))} onChange={() => form.setFieldsValue({ cityCode: undefined, districtCode: undefined })} />
            </Form.Item>
          )}
          <Form.Item name="cityCode" label={t('overview.search.city')}>
            <Select allowClear style={{ width: 140 }} options={regions.map((r) => ({ value: r.cityCode, label: r.name }))} onChange={() => form.setFieldValue('districtCode', undefined)} />
          </Form.Item>
          <Form.Item name="districtCode" label={t('overview.search.district')}>
            <Select allowClear style={{ width: 140 }} options={districts.map((d) => ({ value: d.code, label: d.name }))} />
          </Form.Item>
          <Form.Item name="stage" label={t('overview.search.stage')}>
            <Select allowClear style={{ width: 160 }} options={STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
          </Form.Item>
          <Form.Item name="overdue" label={t('overview.search.overdue')}>
            <Select allowClear style={{ width: 120 }} options={[{ value: 'true', label: t('overview.search.overdueOnly') }, { value: 'false', label: t('overview.search.notOverdue') }]} />
          </Form.Item>
          <Form.Item name="overdueRole" label={t('overview.search.overdueRole')}>
            <Select allowClear style={{ width: 140 }} options={HOLDER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
          <Form.Item name="submittedFrom" label={t('overview.search.submittedFrom')} validateStatus={problemAt('submittedFrom').length ? 'error' : undefined} help={problemAt('submittedFrom')[0]}>
            <DateInput />
          </Form.Item>
          <Form.Item name="submittedTo" label={t('overview.search.submittedTo')}>
            <DateInput />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('overview.search.search')}</Button>
            <Button onClick={() => setParams(new URLSearchParams(filters.programId ? { programId: filters.programId } : {}))}>{t('overview.search.clear')}</Button>
          </Space>
        </Form>
      </Card>
      {program && (
        <div style={{ marginBottom: 16 }}>
          <ExportButtons program={program} />
        </div>
      )}
      {cases.isError ? (
        <ErrorState error={cases.error} retry={() => void cases.refetch()} />
      ) : (
        <>
          <Table<Item>
            size="small"
            rowKey="id"
            loading={problems.length === 0 && cases.isFetching}
            dataSource={problems.length ? [] : (cases.data?.items ?? [])}
            pagination={false}
            onChange={onTable}
            locale={{ emptyText: <Empty description={t('overview.search.empty')} /> }}
            scroll={{ x: 900 }}
            columns={[
              { title: t('overview.search.unit'), ...sortable('unitName'), render: (_, c) => <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.unitName}</Link> },
              { title: t('overview.search.caseNo'), dataIndex: 'id' },
              { title: t('overview.search.place'), render: (_, c) => placeName(allPrograms.find((p) => p.id === c.programId), c.applicant) },
              { title: t('overview.search.stage'), render: (_, c) => (<Space size={4}>{t(`stages.${c.stage}`)}{c.overdue && <Tag color="red">{t('overview.search.overdueTag')}</Tag>}</Space>) },
              { title: t('overview.search.submittedOn'), render: (_, c) => c.submittedOn ?? '—' },
              { title: t('overview.search.updatedAt'), ...sortable('updatedAt'), render: (_, c) => formatAt(c.updatedAt, i18n.language) },
              { title: t('overview.search.dueAt'), ...sortable('dueAt'), render: (_, c) => (c.dueAt ? formatAt(c.dueAt, i18n.language) : '—') },
              { title: t('overview.search.paperCopies'), render: (_, c) => <PaperCopies c={c} /> },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('overview.search.shown', { count: problems.length ? 0 : (cases.data?.items.length ?? 0) })}</Typography.Text>
            <Button disabled={cursors.length === 0} onClick={() => setCursors([])}>{t('overview.search.first')}</Button>
            <Button disabled={!cases.data?.nextCursor || cases.isFetching} onClick={() => cases.data?.nextCursor && setCursors([...cursors, cases.data.nextCursor])}>{t('overview.search.next')}</Button>
          </Space>
        </>
      )}
    </section>
  );
}

/** Stages past the recommendation in which a case is still open: its paper copies are due (as the dashboard counts them). */
const COPIES_DUE_IN = new Set(['expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'cultivation']);

/** 一式五份: the copies received of those the program asks for, marked when they are due and not all in. */
function PaperCopies({ c }: { c: Item }) {
  const { t } = useTranslation();
  const { received, required } = c.paperCopies;
  if (required === 0) return <>—</>;
  return (
    <Space size={4}>
      {`${received} / ${required}`}
      {received < required && COPIES_DUE_IN.has(c.stage) && <Tag color="orange">{t('overview.search.paperCopiesLacking')}</Tag>}
    </Space>
  );
}
