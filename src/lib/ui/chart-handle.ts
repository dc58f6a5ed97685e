// A drawn chart (main thread): what every chart factory (line, scatter, stacked bars) returns.

/** A drawn chart: later specs redraw it in place. */
export interface ChartHandle<S> {
  update(spec: S): void;
  destroy(): void;
}

/** Draws a spec on a canvas (one per chart kind: line, scatter, stacked bars). */
export type ChartFactory<S> = (canvas: HTMLCanvasElement, spec: S) => ChartHandle<S>;
