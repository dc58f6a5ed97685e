// Synthetic verified results for the scale benchmark (Node): written by SQL in chunks, shaped like a crowd. A few
// models, each with 24 kinds of work (variant × backend × sequence × runtime) of which the first few are far more
// common, 40 device classes likewise skewed, about three results per source, 5% flagged, four batch sizes each,
// stored over a year. Latencies follow the model, backend, class and batch size with noise, so every aggregate has
// real work to do.
import { rebuildCrowdSources } from '../../server/store/crowd-sources.ts';
import { rebuildResultCounts } from '../../server/store/result-counts.ts';
import type { SqlClient } from '../../server/store/sql-client.ts';

export const SYNTHETIC = {
  models: [
    'tierlab/tiny-code-encoder',
    'tierlab/tiny-code-decoder',
    'Xenova/codebert-base',
    'onnx-community/Qwen2.5-Coder-0.5B-Instruct',
  ],
  batches: [1, 2, 4, 8],
  chunk: 20_000,
} as const;

const FILL = `
with s as (
  select g, random() as u1, random() as u2, random() as u3, random() as u4
  from generate_series($1::int, $2::int) g
), k as (
  select g, u3, u4,
    (array[${SYNTHETIC.models.map((m) => `'${m}'`).join(', ')}])[1 + floor(u1 * ${SYNTHETIC.models.length})::int] as model,
    floor(24 * u2 * u2 * u2)::int as work,
    floor(40 * u3 * u3)::int as class
  from s
), w as (
  select g, u4, model, class,
    (array['fp32', 'int8', 'q4'])[work % 3 + 1] as variant,
    (array['wasm', 'webgpu'])[(work / 3) % 2 + 1] as backend,
    (array[128, 32])[(work / 6) % 2 + 1] as seq,
    (array['onnxruntime-web', 'transformers.js'])[(work / 12) % 2 + 1] as runtime,
    (array['android', 'ios', 'windows', 'macos', 'linux'])[class % 5 + 1] as os
  from k
), ins as (
  insert into results (id, client_result_id, received_at, model_id, variant, runtime, backend, device_class, os_family,
    browser_family, browser_major, gpu_vendor, gpu_architecture, cores_bucket, memory_bucket, flags, flagged, room, result,
    work_key, source)
  select md5('r' || g)::uuid::text, md5('c' || g)::uuid::text, now() - (u4 * interval '365 days'), model, variant, runtime, backend,
    os || ' · chrome · ' || (case when backend = 'webgpu' then 'gpu' || (class % 4) else 'cpu' end) || ' · ' || (class % 8) || ' cores · 8+ GB',
    os, 'chrome', 130 + class % 20, null, null, (class % 8)::text, '8+ GB',
    case when g % 20 = 0 then array['backgrounded'] else '{}'::text[] end, g % 20 = 0, null,
    '{"schemaVersion":3,"environment":{"threads":4}}'::jsonb,
    model || '|' || variant || '|' || runtime || '|' || backend || '|seq' || seq || '|max-length|mixed|tokenized|fwd',
    substr(md5('s' || floor(g / 3 + u4 * 2)::int), 1, 16)
  from w
  returning id, model_id, backend, device_class
)
insert into result_points (result_id, batch_size, median_ms, p90_ms, ci_lo_ms, ci_hi_ms, throughput, samples)
select id, b, m, m * 1.1, m * 0.97, m * 1.03, b * 1000 / m, 30
from (
  select id, b,
    (case model_id when '${SYNTHETIC.models[0]}' then 2 when '${SYNTHETIC.models[1]}' then 5 when '${SYNTHETIC.models[2]}' then 40 else 300 end)
      * (case when backend = 'webgpu' then 0.3 else 1 end) * (1 + (abs(hashtext(device_class)) % 100) / 25.0)
      * power(b, 0.8) * (1 + 0.3 * random()) as m
  from ins, unnest(array[${SYNTHETIC.batches.join(', ')}]) b
) p`;

/** Adds `size` results (ids 1..size, so a second call with a larger size continues where the first stopped). */
export async function fillSynthetic(db: SqlClient, size: number, progress: (done: number) => void, from = 1): Promise<void> {
  for (let lo = from; lo <= size; lo += SYNTHETIC.chunk) {
    const hi = Math.min(size, lo + SYNTHETIC.chunk - 1);
    await db.query(FILL, [lo, hi]);
    progress(hi);
  }
}

/** Builds the pre-aggregated tables from the results, as migration 6 does on a store that has some. */
export async function aggregateSynthetic(db: SqlClient): Promise<void> {
  await rebuildCrowdSources(db);
  await rebuildResultCounts(db);
  // What autovacuum does to a running server's tables: statistics, and the visibility map index-only scans need.
  await db.query('vacuum analyze');
}
