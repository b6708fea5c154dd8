import * as echarts from 'echarts/core';
import { CustomChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GraphicComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

let registered = false;

/**
 * ECharts core with only what histogram charts use (tree-shaken: line and custom series, their
 * components, canvas and SVG renderers). Registration happens on first call, not on import, so that the
 * package stays free of import side effects.
 */
export function echartsCore(): typeof echarts {
  if (!registered) {
    echarts.use([LineChart, CustomChart, GridComponent, TooltipComponent, DataZoomComponent, VisualMapComponent, GraphicComponent, LegendComponent, CanvasRenderer, SVGRenderer]);
    registered = true;
  }
  return echarts;
}
