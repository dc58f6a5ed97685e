// The open data set (Node, server): GET /api/dataset (version, licence, the data dictionary, where the files are) and
// GET /api/dataset/v1/results.{csv,jsonl}, every unflagged verified result streamed a page at a time, gzip when the
// client takes it. Sources become numbers in order of first appearance; the hash, addresses, user agents and free
// text never leave the server.
import { Hono, type Context } from 'hono';
import {
  csvHeader,
  csvRecord,
  DATASET_COLUMNS,
  DATASET_FILES,
  DATASET_LICENCE,
  DATASET_VERSION,
  datasetFileName,
  jsonlRecord,
  LICENCE_LINE,
  type DatasetInfo,
  type DatasetRecord,
} from '../../src/shared/dataset.ts';
import { parseKeyId } from '../../src/shared/comparability.ts';
import { engineOf } from '../../src/shared/device-buckets.ts';
import type { ResultStore } from '../store/result-store.ts';
import type { DatasetCursor, DatasetSourceRow } from '../store/dataset-rows.ts';

/** Results read per query while streaming. */
export const DATASET_PAGE = 2000;
/** Downloads streaming at once; more are asked to come back (each holds a database connection's time). */
export const MAX_DATASET_STREAMS = 2;

const FORMATS = { csv: 'text/csv; charset=utf-8', jsonl: 'application/jsonl; charset=utf-8' } as const;

/** A result's rows, one per batch size, its source given as `sourceNumber`. */
export function datasetRecords(r: DatasetSourceRow, sourceNumber: number): DatasetRecord[] {
  const k = parseKeyId(r.workKey);
  // A stored result that no longer parses has a key of its own (server/store/work-key-backfill.ts): it pools with
  // nothing and has no key fields to write, so the data set leaves it out rather than write a row no reader accepts.
  if (!k) return [];
  return r.points.map((p) => ({
    result_id: r.id,
    received_date: r.receivedDate,
    source: sourceNumber,
    work_key: r.workKey,
    model: k.model,
    variant: k.variant,
    runtime: k.runtime,
    backend: k.backend,
    seq: k.seq,
    padding: k.padding,
    language: k.language,
    inputs: k.inputs,
    new_tokens: k.newTokens,
    device_class: r.deviceClass,
    engine: engineOf(r.osFamily, r.browserFamily),
    os_family: r.osFamily,
    browser_family: r.browserFamily,
    browser_major: r.browserMajor,
    gpu_vendor: r.gpuVendor,
    gpu_architecture: r.gpuArchitecture,
    cores: r.coresBucket,
    memory: r.memoryBucket,
    threads: r.threads,
    ort_build: r.ortBuild,
    batch_size: p.batchSize,
    median_ms: p.medianMs,
    p90_ms: p.p90Ms,
    ci95_lo_ms: p.ciLoMs,
    ci95_hi_ms: p.ciHiMs,
    throughput_items_per_s: p.throughput,
    samples: p.samples,
    flags: r.flags.join(' ') || null,
  }));
}

/** The text of every result from the cut on, a page per pull. */
function datasetText(
  store: ResultStore,
  format: keyof typeof FORMATS,
  cut: Awaited<ReturnType<ResultStore['datasetCut']>>,
  pageSize: number,
  done: () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sources = new Map<string, number>();
  let after: DatasetCursor | null = null;
  let started = false;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let text = !started && format === 'csv' ? csvHeader() : '';
        started = true;
        const page = await store.datasetPage(cut, after, pageSize);
        for (const r of page) {
          if (!sources.has(r.source)) sources.set(r.source, sources.size + 1);
          for (const rec of datasetRecords(r, sources.get(r.source) ?? 0))
            text += format === 'csv' ? csvRecord(rec) : jsonlRecord(rec);
        }
        if (text) controller.enqueue(encoder.encode(text));
        const last = page.at(-1);
        if (page.length < pageSize || !last) {
          controller.close();
          finish();
        } else after = last.cursor;
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    cancel: finish,
  });
}

/** The data set's routes, mounted at /api/dataset. */
export function datasetApi(store: ResultStore, pageSize = DATASET_PAGE): Hono {
  const api = new Hono();
  let streaming = 0;
  const files = DATASET_FILES;

  api.get('/', async (c) => {
    const cut = await store.datasetCut(false);
    c.header('Cache-Control', 'no-store');
    const info: DatasetInfo = {
      version: DATASET_VERSION,
      licence: DATASET_LICENCE,
      licenceLine: LICENCE_LINE,
      results: cut.results,
      asOf: cut.iso,
      files,
      rows: 'one per result and batch size',
      columns: DATASET_COLUMNS,
    };
    return c.json(info);
  });

  const download = (format: keyof typeof FORMATS) => async (c: Context) => {
    if (streaming >= MAX_DATASET_STREAMS) {
      c.header('Retry-After', '30');
      return c.json({ error: `${MAX_DATASET_STREAMS} downloads of the data set are under way; retry in 30 s` }, 503);
    }
    streaming++;
    const cut = await store.datasetCut().catch((err: unknown) => {
      streaming--;
      throw err;
    });
    let body = datasetText(store, format, cut, pageSize, () => void streaming--);
    c.header('Content-Type', FORMATS[format]);
    c.header('Content-Disposition', `attachment; filename="${datasetFileName(cut.iso, format)}"`);
    c.header('Link', `<${DATASET_LICENCE.url}>; rel="license", </api/dataset>; rel="describedby"`);
    c.header('X-TierLab-Dataset', `v${DATASET_VERSION}; as-of=${cut.iso}; results=${cut.results}`);
    c.header('Cache-Control', 'no-store');
    c.header('Vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      body = body.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
      c.header('Content-Encoding', 'gzip');
    }
    return c.body(body);
  };
  api.get(`/v${DATASET_VERSION}/results.csv`, download('csv'));
  api.get(`/v${DATASET_VERSION}/results.jsonl`, download('jsonl'));

  return api;
}
