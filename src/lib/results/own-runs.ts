// The person's own runs for the crowd chart (main thread, pure): this session's result and their latest submitted
// one, when they match the model, variant and backend being compared.
import type { ResultFilter } from '../../shared/results-api.ts';
import type { RunResult } from '../../shared/run-result.ts';
import type { OwnSeries } from './crowd-chart-spec.ts';
import type { SentEntry } from '../submit/outbox-entries.ts';

interface RunKey {
  modelId: string;
  variant: string;
  backend: string;
}

const matches = (f: ResultFilter, k: RunKey) =>
  f.model === k.modelId && (!f.variant || f.variant === k.variant) && (!f.backend || f.backend === k.backend);

/** At most two lines: "this run" (with its submission state) and the latest other submitted run. Needs a model. */
export function ownSeries(filter: ResultFilter, current: RunResult | null, sent: readonly SentEntry[]): OwnSeries[] {
  if (!filter.model) return [];
  const out: OwnSeries[] = [];
  const currentKey = current && {
    modelId: current.model.id,
    variant: current.model.variant,
    backend: current.environment.executionProvider,
  };
  if (current && currentKey && current.plan.model.kind === 'catalog' && matches(filter, currentKey)) {
    const submitted = sent.some((s) => s.clientResultId === current.id);
    out.push({
      label: `this run (${currentKey.variant}, ${currentKey.backend}${submitted ? ', submitted' : ', not submitted'})`,
      points: current.points.map((p) => ({ x: p.batchSize, y: p.stats.median })),
    });
  }
  const latest = sent
    .filter((s) => s.clientResultId !== current?.id && matches(filter, s))
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0];
  if (latest)
    out.push({
      label: `your run of ${latest.sentAt.slice(0, 16).replace('T', ' ')} (${latest.variant}, ${latest.backend})`,
      points: latest.points.map((p) => ({ x: p.batchSize, y: p.medianMs })),
    });
  return out;
}
