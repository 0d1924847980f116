/**
 * 跟踪监测 (province, admin; a city sees the zones involving it): every approved pilot zone, those at risk first
 * with their reasons in words; per zone its progress reports by period (filed, late, missing, due), its ratings,
 * investment to date against the key project table (and as each period's report gave it) and its rectifications
 * with due dates. Charts of investment completion now and over periods, and a ratings heat map, above the table (ECharts, on demand); the table pages, so 200 zones read well.
 */
import { useMemo } from 'react';
import { Card, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatAt } from '../../pages/format';
import { ErrorState, Loading } from '../../pages/States';
import type { ProgramView } from '../review/data';
import { Chart, preloadCharts } from './Chart';
import { cityNames, useMonitoring } from './data';
import type { Zone } from './data';
import { heatCells, investmentPeriods, openRectifications, overallCompletion, ratedPeriods, RATINGS_BEST_FIRST, reportCounts } from './monitoring-model';
import { heatmapOption, heightFor, investmentOption, investmentTrendOption } from './monitoring-charts';
import { ProgramPage } from './ProgramPicker';

/** Each report status's tag: the palette's darkest text on its lightest background (Ant Design's presets fail AA). */
const STATUS_STYLE = {
  filed: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  late: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  missing: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  due: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;

// The charts' chunk loads while the page reads its data.
preloadCharts();

export default function MonitoringPage() {
  const { t } = useTranslation();
  return (
    <ProgramPage title={t('overview.monitoring.title')}>
      {(program, programs) => <ProgramMonitoring program={program} cities={cityNames(programs)} />}
    </ProgramPage>
  );
}

function ProgramMonitoring({ program, cities }: { program: ProgramView; cities: Map<string, string> }) {
  const { t } = useTranslation();
  const monitoring = useMonitoring(program.id);
  const zones = monitoring.data?.zones;
  const charts = useMemo(() => {
    if (!zones) return undefined;
    const periods = ratedPeriods(zones);
    const names = RATINGS_BEST_FIRST.map((r) => t(`overview.monitoring.ratingNames.${r}`));
    const reported = investmentPeriods(zones);
    return {
      investment: investmentOption(zones),
      trend: investmentTrendOption(zones, reported, overallCompletion(zones, reported), t('overview.monitoring.allZones')),
      hasTrend: reported.length > 0,
      heatmap: heatmapOption(zones, periods, heatCells(zones, periods), names),
      hasRatings: periods.length > 0,
    };
  }, [zones, t]);
  if (monitoring.isPending) return <Loading />;
  if (monitoring.isError || !zones || !charts) return <ErrorState error={monitoring.error} retry={() => void monitoring.refetch()} />;
  if (zones.length === 0) return <Empty description={t('overview.monitoring.noZones')} />;
  const rating = (r: string | undefined) => (r ? t(`overview.monitoring.ratingNames.${r}`) : '—');
  const title = t('overview.monitoring.zones', { count: zones.length, risk: zones.filter((z) => z.atRisk).length });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('overview.monitoring.investmentChart')} size="small">
        <Chart label={t('overview.monitoring.investmentChart')} option={charts.investment} height={heightFor(zones.length)} />
      </Card>
      {charts.hasTrend && (
        <Card title={t('overview.monitoring.trendChart')} size="small">
          <Typography.Paragraph type="secondary">{t('overview.monitoring.trendNote')}</Typography.Paragraph>
          <Chart label={t('overview.monitoring.trendChart')} option={charts.trend} height={320} />
        </Card>
      )}
      {charts.hasRatings && (
        <Card title={t('overview.monitoring.heatmap')} size="small">
          <Chart label={t('overview.monitoring.heatmap')} option={charts.heatmap} height={heightFor(zones.length) + 48} />
        </Card>
      )}
      <Card title={title} size="small" role="region" aria-label={t('overview.monitoring.title')}>
        <Table<Zone>
          size="small"
          rowKey="caseId"
          dataSource={zones}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 1100 }}
          rowClassName={(z) => (z.atRisk ? 'zone-at-risk' : '')}
          expandable={{ expandedRowRender: (z) => <ZoneReports zone={z} />, rowExpandable: (z) => z.reports.length > 0 }}
          columns={[
            { title: t('overview.monitoring.unit'), render: (_, z) => <Link to={`/cases/${encodeURIComponent(z.caseId)}`}>{z.unitName}</Link> },
            { title: t('overview.monitoring.city'), render: (_, z) => z.cities.map((c) => cities.get(c) ?? c).join('、') },
            { title: t('overview.monitoring.approvedOn'), dataIndex: 'approvedOn' },
            {
              title: t('overview.monitoring.risk'),
              render: (_, z) =>
                z.riskReasons.length === 0 ? t('overview.monitoring.none') : (
                  <Space orientation="vertical" size={2}>
                    {z.riskReasons.map((r) => <Tag key={r} color="red">{t(`overview.monitoring.reasons.${r}`)}</Tag>)}
                  </Space>
                ),
            },
            {
              title: t('overview.monitoring.rectifications'),
              render: (_, z) => {
                const open = openRectifications(z);
                const closed = z.rectifications.filter((r) => r.status !== 'open');
                if (z.rectifications.length === 0) return t('overview.monitoring.none');
                return [...open, ...closed].map((r) => (
                  <div key={r.period}>
                    {r.period} {t(`overview.monitoring.rectStatus.${r.status}`)} · {t('overview.monitoring.due', { date: r.dueOn })}
                  </div>
                ));
              },
            },
            { title: t('overview.monitoring.reports'), render: (_, z) => t('overview.monitoring.counts', reportCounts(z)) },
            {
              title: t('overview.monitoring.ratings'),
              render: (_, z) =>
                z.ratings.length === 0 ? '—' : z.ratings.map((r) => (
                  <div key={r.period}>{r.period}: {t('overview.monitoring.cityRating')} {rating(r.city)} · {t('overview.monitoring.provinceRating')} {rating(r.province)}</div>
                )),
            },
            {
              title: t('overview.monitoring.investment'),
              render: (_, z) => (
                <div style={{ minWidth: 160 }}>
                  <Progress percent={z.investment.percent} size="small" format={(p) => `${p ?? 0}%`} aria-label={`${z.unitName} ${t('overview.monitoring.investment')}`} />
                  <Typography.Text type="secondary">{t('overview.monitoring.planned', z.investment)}</Typography.Text>
                </div>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function ZoneReports({ zone }: { zone: Zone }) {
  const { t, i18n } = useTranslation();
  const invested = new Map(zone.investmentByPeriod.map((p) => [p.period, p]));
  return (
    <Table
      size="small"
      rowKey="period"
      pagination={false}
      aria-label={`${zone.unitName} ${t('overview.monitoring.reports')}`}
      dataSource={zone.reports}
      columns={[
        { title: t('overview.monitoring.period'), dataIndex: 'period' },
        { title: t('overview.monitoring.dueOn'), dataIndex: 'dueOn' },
        { title: t('overview.monitoring.reports'), render: (_, r) => <Tag style={STATUS_STYLE[r.status]}>{t(`overview.monitoring.status.${r.status}`)}</Tag> },
        { title: t('overview.monitoring.filedAt'), render: (_, r) => (r.filedAt ? formatAt(r.filedAt, i18n.language) : '—') },
        {
          title: t('overview.monitoring.periodInvestment'),
          render: (_, r) => {
            const p = invested.get(r.period);
            return p ? t('overview.monitoring.periodInvested', p) : '—';
          },
        },
      ]}
    />
  );
}
