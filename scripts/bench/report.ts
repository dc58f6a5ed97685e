// The readable summary `npm run bench` prints (Node, pure): one row per batch size, then fit, correlations and flags.
import type { RunResult } from '../../src/shared/run-result.ts';

const f = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(digits);

/** Left-aligns the first column, right-aligns the rest. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The report: what ran, per-batch figures (degradation = median over the smallest batch's), fit, correlations, flags. */
export function formatReport(r: RunResult): string {
  const env = r.environment;
  const generation = r.points.some((p) => p.generation);
  const header = ['batch', 'median ms', 'p90 ms', '95% CI ms', 'items/s', 'degradation', 'samples'];
  if (generation) header.push('TTFT ms', 'decode tok/s');
  const rows = r.points.map((p) => {
    const row = [
      String(p.batchSize),
      f(p.stats.median),
      f(p.stats.p90),
      `${f(p.stats.ci95.lo)}–${f(p.stats.ci95.hi)}`,
      f(p.throughput, 1),
      `${f(p.latencyRatio)}×`,
      String(p.stats.n),
    ];
    if (generation) row.push(f(p.generation?.ttft.median), f(p.generation?.decodeTokensPerSecond, 1));
    return row;
  });
  const raised = Object.entries(r.flags)
    .filter(([, on]) => on)
    .map(([k]) => k);
  const emu = env.emulation;
  return [
    `${r.model.id} · ${r.model.variant} · ${r.plan.runtime} · ${env.executionProvider} · ${env.threads} thread(s) · isolated ${env.crossOriginIsolated ? 'yes' : 'no'}${env.adapter ? ` · adapter ${env.adapter.vendor} ${env.adapter.architecture}${env.adapter.isFallbackAdapter ? ' (software)' : ''}` : ''}`,
    emu
      ? `emulation: CPU ${emu.cpuThrottle}×${emu.cpuThrottleMeasured !== null ? ` (busy loop measured ${emu.cpuThrottleMeasured.toFixed(2)}×)` : ''}${emu.network ? `, network ${emu.network.profile}` : ''}${emu.webgpuSwiftShader ? ', WebGPU on SwiftShader' : ''}`
      : '',
    '',
    table(header, rows),
    '',
    `fit: latency = ${f(r.fit.fixedMs)} ms + ${f(r.fit.perItemMs, 3)} ms × batch (R² ${f(r.fit.r2, 3)})`,
    `correlation of batch size with latency: Pearson ${f(r.correlation.pearson, 3)}, Spearman ${f(r.correlation.spearman, 3)}`,
    `throughput saturates at: ${r.saturationBatch === null ? 'not within these sizes' : `batch ${r.saturationBatch}`}`,
    raised.length ? `flags: ${raised.join(', ')}` : 'flags: none',
    ...enduranceLines(r),
    ...r.notes.map((n) => `  - ${n}`),
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

/** An endurance series in a few lines: stability, throttling, drain under load and idle (measured), joules. */
function enduranceLines(r: RunResult): string[] {
  const e = r.energy;
  if (!e) return [];
  const s = e.summary;
  const d = e.drain;
  const drain = (name: string, x: { percentPerHour: number; low: number; high: number } | null | undefined) =>
    x ? `${name} ${x.percentPerHour.toFixed(1)} %/h (${x.low.toFixed(1)}–${x.high.toFixed(1)})` : null;
  return [
    `endurance at batch ${e.protocol.batchSize}: ${e.windows.filter((w) => w.phase === 'A').length} windows, ended ${e.ended}, ` +
      `stability ${s.stability === null ? '—' : `${(s.stability * 100).toFixed(1)}%${s.stable ? ' (passes 97%)' : ' (below 97%)'}`}, ` +
      (s.throttled ? `throttled from ${((s.firstDropMs ?? 0) / 1000).toFixed(0)} s` : 'not throttled'),
    d
      ? `battery drain, measured: ${[
          drain(`load at batch ${e.protocol.batchSize}`, d.a),
          drain(e.protocol.then === 'batch' ? `batch ${e.protocol.thenBatch}` : 'idle', d.b),
          drain('A − B', d.difference),
        ]
          .filter(Boolean)
          .join(', ')}`
      : `battery drain: not measured (${e.batteryUnusable ?? 'no readings'})`,
  ];
}
