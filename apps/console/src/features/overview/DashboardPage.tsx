/**
 * 总览 (province, admin): one program's dashboard. Cases by stage (a funnel), each city's recommendations against
 * its limit, approvals against the quota and the target date (one point per approval), overdue work by stage and by
 * the role holding it, and
 * the cases ready for publicity with the way to the 公示 page. Each chart has its figures in a table beside it, and
 * every figure links to the case search filtered to it.
 */
import { useMemo } from 'react';
import { Button, Card, Col, Empty, Row, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import type { components } from '../../api/schema';
import { ErrorState, Loading } from '../../pages/States';
import { useDashboard } from '../review/data';
import type { ProgramView } from '../review/data';
import { Chart, preloadCharts } from './Chart';
import { useMonitoring } from './data';
import { approvalPoints, cityRows, funnelRows, overdueRoleRows, overdueRows } from './dashboard-model';
import type { RoleRow, StageRow } from './dashboard-model';
import { approvalsOption, barOption, citiesOption, funnelOption } from './dashboard-charts';
import { ProgramPage } from './ProgramPicker';
import { searchLink } from './filters';

type CaseListItem = components['schemas']['CaseListItem'];

// The charts' chunk loads while the page reads its data.
preloadCharts();

export default function DashboardPage() {
  const { t } = useTranslation();
  return <ProgramPage title={t('overview.dashboard.title')}>{(program) => <ProgramDashboard program={program} />}</ProgramPage>;
}

function Figure({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card title={title} size="small" role="region" aria-label={title} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}

function ProgramDashboard({ program }: { program: ProgramView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const dashboard = useDashboard(program.id);
  // Names for the lists: the cases awaiting publicity are in its stage; the approved ones are the monitored zones.
  const inPublicity = useQuery({
    queryKey: ['cases', program.id, 'stage', 'publicity'],
    queryFn: () => call<Page<CaseListItem>>(`/cases?programId=${encodeURIComponent(program.id)}&stage=publicity&limit=200`),
  });
  const monitoring = useMonitoring(program.id);
  const d = dashboard.data;
  // Names for the cases still owing paper copies (from the recommendation on: at most the cities' recommendations).
  const lacking = useQuery({
    queryKey: ['cases', program.id, 'all'],
    queryFn: () => call<Page<CaseListItem>>(`/cases?programId=${encodeURIComponent(program.id)}&limit=200`),
    enabled: (d?.paperCopies.lacking ?? 0) > 0,
  });
  const funnel = useMemo(() => (d ? funnelRows(d) : []), [d]);
  const overdue = useMemo(() => (d ? overdueRows(d) : []), [d]);
  const overdueRoles = useMemo(() => (d ? overdueRoleRows(d) : []), [d]);
  const cities = useMemo(() => (d ? cityRows(d, program) : []), [d, program]);
  const points = useMemo(() => (d ? approvalPoints(d) : []), [d]);
  const stageName = (s: string) => t(`stages.${s}`);
  const options = useMemo(() => {
    const target = (program as ProgramView & { targetDate: string }).targetDate;
    const from = (program as unknown as { window: { opensOn: string } }).window.opensOn;
    return {
      funnel: funnelOption(funnel.map((r) => ({ name: stageName(r.stage), value: r.count }))),
      overdue: barOption(overdue.map((r) => ({ name: stageName(r.stage), value: r.count }))),
      overdueRoles: barOption(overdueRoles.map((r) => ({ name: t(`roles.${r.role}`), value: r.count }))),
      cities: citiesOption(cities, { recommended: t('overview.dashboard.recommended'), limit: t('overview.dashboard.limit') }),
      approvals: d ? approvalsOption(points, { min: d.approvals.min, max: d.approvals.max, from, target }, { min: t('overview.dashboard.quotaMin'), max: t('overview.dashboard.quotaMax'), target: t('overview.dashboard.target') }) : {},
      target,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [funnel, overdue, overdueRoles, cities, points, d, program, t]);
  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError || !d) return <ErrorState error={dashboard.error} retry={() => void dashboard.refetch()} />;
  const unitOf = new Map([...(lacking.data?.items ?? []), ...(inPublicity.data?.items ?? []), ...(monitoring.data?.zones ?? [])].map((c) => ['caseId' in c ? c.caseId : c.id, c.unitName]));
  /** A chart's click (by the figure's name) opens the figure's search. */
  const pickBy = <R extends { link: string }>(rows: R[], nameOf: (r: R) => string) => (name: string) => {
    const row = rows.find((r) => nameOf(r) === name);
    if (row) void navigate(row.link);
  };
  const byStageName = (rows: StageRow[]) => pickBy(rows, (r) => stageName(r.stage));
  const byRoleName = (rows: RoleRow[]) => pickBy(rows, (r) => t(`roles.${r.role}`));
  /** A chart's figures as a table, each count linking to its search. */
  const figureTable = <R extends { count: number; link: string }>(rows: R[], label: string, column: string, nameOf: (r: R) => string, keyOf: (r: R) => string) => (
    <Table<R>
      size="small"
      rowKey={keyOf}
      pagination={false}
      aria-label={label}
      dataSource={rows}
      columns={[
        { title: column, render: (_, r) => nameOf(r) },
        { title: t('overview.dashboard.cases'), align: 'right', render: (_, r) => <Link to={r.link} aria-label={`${nameOf(r)} ${r.count}`}>{r.count}</Link> },
      ]}
    />
  );
  const stageTable = (rows: StageRow[], label: string) => figureTable(rows, label, t('overview.dashboard.stage'), (r) => stageName(r.stage), (r) => r.stage);
  const roleTable = (rows: RoleRow[], label: string) => figureTable(rows, label, t('overview.dashboard.role'), (r) => t(`roles.${r.role}`), (r) => r.role);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Figure title={t('overview.dashboard.funnel')}>
          {funnel.length === 0 ? <Empty /> : <Chart label={t('overview.dashboard.funnel')} option={options.funnel} onPick={byStageName(funnel)} />}
          {stageTable(funnel, t('overview.dashboard.funnel'))}
        </Figure>
      </Col>
      <Col xs={24} lg={12}>
        <Figure title={t('overview.dashboard.cities')}>
          <Chart label={t('overview.dashboard.cities')} option={options.cities} onPick={(name) => { const c = cities.find((r) => r.name === name); if (c) void navigate(c.link); }} />
          <Table
            size="small"
            rowKey="cityCode"
            pagination={cities.length > 10 ? { pageSize: 10, size: 'small' } : false}
            aria-label={t('overview.dashboard.cities')}
            dataSource={cities}
            columns={[
              { title: t('overview.dashboard.city'), render: (_, c) => <Link to={c.link}>{c.name}</Link> },
              { title: t('overview.dashboard.recommended'), align: 'right', render: (_, c) => <Link to={searchLink({ programId: program.id, cityCode: c.cityCode })} aria-label={`${c.name} ${t('overview.dashboard.recommended')} ${c.recommended}`}>{c.recommended}</Link> },
              { title: t('overview.dashboard.limit'), align: 'right', dataIndex: 'limit' },
            ]}
          />
        </Figure>
      </Col>
      <Col xs={24} lg={12}>
        <Figure title={t('overview.dashboard.approvals')}>
          <Typography.Paragraph data-testid="approvals-summary">{t('overview.dashboard.approvalsSummary', { granted: d.approvals.granted, min: d.approvals.min, max: d.approvals.max, target: options.target })}</Typography.Paragraph>
          <Chart label={t('overview.dashboard.approvals')} option={options.approvals} onPick={(caseId) => caseId && void navigate(`/cases/${encodeURIComponent(caseId)}`)} />
          <Table
            size="small"
            rowKey="caseId"
            pagination={points.length > 10 ? { pageSize: 10, size: 'small' } : false}
            aria-label={t('overview.dashboard.approvals')}
            dataSource={points}
            locale={{ emptyText: <Empty description={t('overview.dashboard.noApprovals')} /> }}
            columns={[
              { title: t('overview.dashboard.count'), dataIndex: 'total', align: 'right' },
              { title: t('overview.dashboard.approvedOn'), dataIndex: 'repliedOn' },
              { title: t('overview.dashboard.batch'), dataIndex: 'batchNo', align: 'right' },
              { title: t('overview.search.unit'), render: (_, p) => <Link to={`/cases/${encodeURIComponent(p.caseId)}`}>{unitOf.get(p.caseId) ?? p.caseId}</Link> },
            ]}
          />
        </Figure>
      </Col>
      <Col xs={24} lg={12}>
        <Figure title={t('overview.dashboard.overdue')}>
          <Typography.Paragraph>
            <Link to={searchLink({ programId: program.id, overdue: true })}>{t('overview.dashboard.overdueTotal', { count: d.overdue })}</Link>
          </Typography.Paragraph>
          {overdue.length === 0 ? (
            <Empty description={t('overview.dashboard.noOverdue')} />
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Typography.Text strong>{t('overview.dashboard.overdueByStage')}</Typography.Text>
                <Chart label={t('overview.dashboard.overdueByStage')} option={options.overdue} height={200} onPick={byStageName(overdue)} />
                {stageTable(overdue, t('overview.dashboard.overdueByStage'))}
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text strong>{t('overview.dashboard.overdueByRole')}</Typography.Text>
                <Chart label={t('overview.dashboard.overdueByRole')} option={options.overdueRoles} height={200} onPick={byRoleName(overdueRoles)} />
                {roleTable(overdueRoles, t('overview.dashboard.overdueByRole'))}
              </Col>
            </Row>
          )}
        </Figure>
      </Col>
      {d.paperCopies.required > 0 && (
        <Col xs={24}>
          <Figure title={t('overview.dashboard.paperCopies', { count: d.paperCopies.required, copies: copiesWord(d.paperCopies.required, i18n.language) })}>
            <Typography.Paragraph>{t('overview.dashboard.paperCopiesLacking', { count: d.paperCopies.lacking })}</Typography.Paragraph>
            {d.paperCopies.lacking > 0 && (
              <ul aria-label={t('overview.dashboard.paperCopiesLacking', { count: d.paperCopies.lacking })} style={{ margin: 0, paddingLeft: 20 }}>
                {d.paperCopies.lackingCaseIds.map((id) => (
                  <li key={id}>
                    <Link to={`/cases/${encodeURIComponent(id)}`}>{unitOf.get(id) ?? id}</Link>
                  </li>
                ))}
              </ul>
            )}
          </Figure>
        </Col>
      )}
      <Col xs={24}>
        <Figure title={t('overview.dashboard.ready')}>
          {d.readyForPublicity.length === 0 ? (
            <Empty description={t('overview.dashboard.noneReady')} />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ul aria-label={t('overview.dashboard.ready')} style={{ margin: 0, paddingLeft: 20 }}>
                {d.readyForPublicity.map((id) => (
                  <li key={id}>
                    <Link to={`/cases/${encodeURIComponent(id)}`}>{unitOf.get(id) ?? id}</Link>
                  </li>
                ))}
              </ul>
              <Button type="primary" onClick={() => void navigate('/publicity')}>{t('overview.dashboard.toPublicity')}</Button>
            </Space>
          )}
        </Figure>
      </Col>
    </Row>
  );
}

/** 一式五份: the number in Chinese numerals up to ten (the notice's wording), else in digits. */
function copiesWord(n: number, language: string): string {
  return language.startsWith('zh') && n >= 1 && n <= 10 ? '一二三四五六七八九十'[n - 1]! : String(n);
}
