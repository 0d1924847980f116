/**
 * A workflow's lifecycle drawn as a picture (ECharts' graph, loaded on demand in a chunk of its own) from the
 * server's Mermaid text: stages as boxes, movements as arrows (hover one for its events), returns dashed. The
 * picture's label says the same in words, for a screen reader. Spread to the width there is; a phone scrolls it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../overview/Chart';
import { lifecycleGraph, lifecycleOption, lifecycleSize, lifecycleText, stepFor } from './lifecycle-graph';

const loadGraph = () => import('./echarts-graph');

export function LifecycleDiagram({ mermaid, title }: { mermaid: string; title: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const seen = new ResizeObserver(() => setWidth(el.clientWidth));
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  const stages = useMemo(() => lifecycleGraph(mermaid).main.length, [mermaid]);
  const step = stepFor(width, stages);
  const graph = useMemo(() => lifecycleGraph(mermaid, step), [mermaid, step]);
  const option = useMemo(() => lifecycleOption(graph, (s) => t(`stages.${s}`)), [graph, t]);
  const size = lifecycleSize(graph);
  const words = { side: t('workshop.workflows.sideStages'), ends: t('workshop.workflows.ends'), list: t('workshop.workflows.listSep'), parts: t('workshop.workflows.partSep') };
  const label = t('workshop.workflows.diagramLabel', { title, text: lifecycleText(graph, (s) => t(`stages.${s}`), words) });
  return (
    <div ref={box} role="region" style={{ overflowX: 'auto' }} tabIndex={0} aria-label={title}>
      <div style={{ minWidth: size.width }}>
        <Chart label={label} option={option} height={size.height} load={loadGraph} />
      </div>
    </div>
  );
}
