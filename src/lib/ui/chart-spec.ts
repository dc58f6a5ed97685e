// What a line chart draws (runs everywhere, types only): series of x/y points with optional interval bands.

export interface XY {
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  points: XY[];
  color: string;
  dashed?: boolean;
  /** Line width in pixels (default 2). */
  width?: number;
  /** Interval drawn as a shaded band around the line. */
  band?: { lo: XY[]; hi: XY[]; label: string };
}

export interface ChartSpec {
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  yLog: boolean;
  /** Exact x values to tick (the batch sizes), instead of the scale's own. */
  xTicks?: number[];
  series: ChartSeries[];
  /** 'projector': light text and large type on a dark background. */
  theme?: 'page' | 'projector';
}

export interface ScatterPoint {
  x: number;
  y: number;
  /** Marker radius in pixels. */
  radius: number;
  /** Tooltip lines shown on hover. */
  tooltip: string[];
  /** An interval drawn as a vertical error bar through the point. */
  yInterval?: { lo: number; hi: number };
  /** An interval drawn as a horizontal error bar through the point. */
  xInterval?: { lo: number; hi: number };
}

export interface ScatterGroup {
  label: string;
  color: string;
  /** Drawn faint: e.g. dominated points. */
  dimmed?: boolean;
  points: ScatterPoint[];
}

/** What a scatter chart draws: groups of sized points. */
export interface ScatterSpec {
  xLabel: string;
  yLabel: string;
  xLog: boolean;
  yMin?: number;
  yMax?: number;
  groups: ScatterGroup[];
}

/** What a stacked bar chart draws: one bar per category, one stacked segment per part. */
export interface StackedBarSpec {
  categories: string[];
  parts: { label: string; color: string; values: number[] }[];
  valueLabel: string;
  /** Bars drawn horizontally (categories on the y axis). */
  horizontal: boolean;
}

/** Log or linear axes, as the person picked them. */
export interface AxisOptions {
  xLog: boolean;
  yLog: boolean;
}
