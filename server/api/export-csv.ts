// CSV export of stored results (Node, server, pure): one row per result and batch size, safe to open in a spreadsheet.
import { csvCell } from '../../src/shared/csv.ts';
import type { ResultSummary } from '../store/result-store.ts';

export const EXPORT_COLUMNS = [
  'id',
  'received_at',
  'model',
  'variant',
  'runtime',
  'backend',
  'work_key',
  'device_class',
  'os_family',
  'browser_family',
  'browser_major',
  'gpu_vendor',
  'gpu_architecture',
  'cores',
  'memory',
  'batch_size',
  'median_ms',
  'p90_ms',
  'ci95_lo_ms',
  'ci95_hi_ms',
  'throughput_items_per_s',
  'samples',
  'flags',
] as const;

export function resultsCsv(items: readonly ResultSummary[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const r of items) {
    for (const p of r.points) {
      lines.push(
        [
          r.id,
          r.receivedAt,
          r.modelId,
          r.variant,
          r.runtime,
          r.backend,
          r.key,
          r.device.deviceClass,
          r.device.osFamily,
          r.device.browserFamily,
          r.device.browserMajor,
          r.device.gpuVendor,
          r.device.gpuArchitecture,
          r.device.coresBucket,
          r.device.memoryBucket,
          p.batchSize,
          p.medianMs,
          p.p90Ms,
          p.ciLoMs,
          p.ciHiMs,
          p.throughput,
          p.samples,
          r.flags.join(' '),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
