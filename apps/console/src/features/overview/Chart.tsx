/**
 * One ECharts chart, the library loaded on demand. The canvas says nothing to a screen reader, so it carries a
 * label and every page shows the same figures in a table beside it (that is what tests and assistive technology
 * read). A click on a figure calls `onPick` with its data name (the pages turn it into a link to the search).
 */
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

type EChartsModule = { echarts: typeof import('echarts/core') };

/** The overview's charts (bar, funnel, heat map, line); started early by the pages that show them (preloadCharts). */
const loadOverviewCharts = (): Promise<EChartsModule> => import('./echarts');

/**
 * Starts fetching the charts' chunk now, so that it loads while the page's data is read instead of after it (the
 * dashboard's and monitoring's modules call it when they load).
 */
export function preloadCharts(): void {
  void loadOverviewCharts();
}

interface Props {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  onPick?: (name: string) => void;
  /** The ECharts build with the chart types `option` needs; the overview's by default. */
  load?: () => Promise<EChartsModule>;
}

export function Chart({ option, label, height = 280, onPick, load = loadOverviewCharts }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    let disposed = false;
    let dispose = (): void => undefined;
    void load().then(({ echarts }) => {
      const el = box.current;
      if (disposed || !el) return;
      const chart = echarts.init(el);
      // The canvas draws text itself: in the page's font (Chinese included), not ECharts' own default.
      chart.setOption({ textStyle: { fontFamily: getComputedStyle(el).fontFamily }, ...option });
      chart.on('click', (p) => pick.current?.(String((p as { name?: unknown }).name ?? '')));
      const resize = new ResizeObserver(() => chart.resize());
      resize.observe(el);
      dispose = () => {
        resize.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [option, load]);
  return <div ref={box} role="img" aria-label={label} data-chart={label} style={{ width: '100%', height }} />;
}
