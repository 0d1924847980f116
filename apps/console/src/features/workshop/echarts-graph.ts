/**
 * The parts of ECharts the lifecycle diagram draws with (a graph and its tooltip), registered once; imported only
 * through `import()` (LifecycleDiagram.tsx), in a chunk of its own beside the overview's charts (ECharts' core is
 * shared between the two).
 */
import * as echarts from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);

export { echarts };
