// What a profile says, computed from its per-node records (pure; the page, the server's checks and tests): time per
// op type, the slowest nodes, time per layer, nodes that ran on another provider than the one asked for, and copies
// between GPU and CPU. Every figure is a mean over the same middle runs (the recorded runs ranked by their wall time,
// the fastest and slowest quarter left out), so parts add up to the whole, as medians would not, and one slow run (a
// first run after the warm-up, a background task that stalled it inside a kernel or between two) does not move them.
import type { Backend } from '../../shared/run-plan.ts';
import { MAX_PROFILE_NODES, type ProfileBatch, type ProfileNode } from '../../shared/profile.ts';

/** The provider names onnxruntime gives the kernels of each backend TierLab asks for. */
export const PROVIDERS_OF: Record<Backend, readonly string[]> = {
  wasm: ['CPUExecutionProvider'],
  webgpu: ['WebGpuExecutionProvider', 'JsExecutionProvider'],
};
/** The ops that move a tensor between the CPU and the GPU. */
export const COPY_OPS: ReadonlySet<string> = new Set(['MemcpyToHost', 'MemcpyFromHost']);

export interface Share {
  ms: number;
  /** Of the kernels' total. */
  share: number;
}
export interface OpTime extends Share {
  op: string;
  nodes: number;
}
export interface LayerTime extends Share {
  /** Null: outside every layer (embeddings, head). */
  layer: number | null;
}
export interface NodeTime extends Share {
  name: string;
  op: string;
  provider: string;
  layer: number | null;
}

export interface ProfileSummary {
  batchSize: number;
  runs: number;
  /** The runs every figure averages (indices into the recorded runs). */
  used: number[];
  /** Means over the used runs of the wall time, of onnxruntime's run time, and of the kernels' summed time, ms. */
  wallMs: number;
  runMs: number;
  kernelMs: number;
  /** kernelMs ÷ wallMs: how much of the wall time the kernels account for. */
  coverage: number;
  byOp: OpTime[];
  byLayer: LayerTime[];
  top: NodeTime[];
  /** Nodes that ran on a provider other than the requested backend's. */
  fallbacks: NodeTime[];
  copies: NodeTime[];
}

/**
 * The middle runs by wall time: the fastest and slowest quarter left out (none of 3 or fewer). Wall time, not the
 * kernels' total, so that a run stalled between kernels (which the kernels' total does not see) is left out too.
 */
export function middleRuns(batch: ProfileBatch): number[] {
  const ranked = batch.wallMs.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const trim = Math.floor((ranked.length - 1) / 4);
  return ranked
    .slice(trim, ranked.length - trim)
    .map((r) => r.i)
    .sort((a, b) => a - b);
}

/** The mean over `used` runs of per-run values. */
const meanOver = (values: readonly number[], used: readonly number[]): number =>
  used.length ? used.reduce((s, i) => s + (values[i] ?? 0), 0) / used.length : 0;

/** The mean over `used` runs of `nodes`' summed time, ms. */
export function meanSum(nodes: readonly ProfileNode[], used: readonly number[]): number {
  return nodes.reduce((s, n) => s + meanOver(n.ms, used), 0);
}

function groupBy<K>(nodes: readonly ProfileNode[], key: (n: ProfileNode) => K): Map<K, ProfileNode[]> {
  const out = new Map<K, ProfileNode[]>();
  for (const n of nodes) {
    const k = key(n);
    const list = out.get(k);
    if (list) list.push(n);
    else out.set(k, [n]);
  }
  return out;
}

export function summarizeProfile(batch: ProfileBatch, requested: Backend, topCount = 10): ProfileSummary {
  const used = middleRuns(batch);
  const kernelMs = meanSum(batch.nodes, used);
  const share = (ms: number) => (kernelMs > 0 ? ms / kernelMs : 0);
  const nodeTime = (n: ProfileNode): NodeTime => {
    const ms = meanOver(n.ms, used);
    return { name: n.name, op: n.op, provider: n.provider, layer: n.layer, ms, share: share(ms) };
  };
  const byOp = [...groupBy(batch.nodes, (n) => n.op)]
    .map(([op, nodes]) => ({ op, nodes: nodes.length, ms: meanSum(nodes, used), share: 0 }))
    .map((o) => ({ ...o, share: share(o.ms) }))
    .sort((a, b) => b.ms - a.ms || a.op.localeCompare(b.op));
  const byLayer = [...groupBy(batch.nodes, (n) => n.layer)]
    .map(([layer, nodes]) => ({ layer, ms: meanSum(nodes, used), share: 0 }))
    .map((l) => ({ ...l, share: share(l.ms) }))
    // Layers in order, then what lies outside them.
    .sort((a, b) => (a.layer ?? Infinity) - (b.layer ?? Infinity));
  const expected = PROVIDERS_OF[requested];
  const all = batch.nodes.map(nodeTime);
  const wallMs = meanOver(batch.wallMs, used);
  return {
    batchSize: batch.batchSize,
    runs: batch.wallMs.length,
    used,
    wallMs,
    runMs: meanOver(batch.runMs, used),
    kernelMs,
    coverage: wallMs > 0 ? kernelMs / wallMs : 0,
    byOp,
    byLayer,
    top: [...all].sort((a, b) => b.ms - a.ms).slice(0, topCount),
    fallbacks: all.filter((n) => n.provider !== '' && !expected.includes(n.provider)),
    copies: all.filter((n) => COPY_OPS.has(n.op)),
  };
}

export interface OpDelta {
  op: string;
  /** Mean ms per run in the baseline and in the variant; 0 where the op does not occur. */
  baseMs: number;
  variantMs: number;
  /** variant ÷ base − 1; null where the baseline has no such op (a new op, e.g. the Casts fp16 adds). */
  change: number | null;
}

/**
 * Op types whose time changed between a baseline profile and a variant's, at the same batch size: what fp16 added
 * in Casts, what dynamic int8 saved in MatMulInteger. Sorted by the absolute change in ms; changes smaller than
 * `minMs` on both sides are left out.
 */
export function opDeltas(base: ProfileSummary, variant: ProfileSummary, minMs = 0): OpDelta[] {
  const ops = new Set([...base.byOp.map((o) => o.op), ...variant.byOp.map((o) => o.op)]);
  const msOf = (s: ProfileSummary, op: string) => s.byOp.find((o) => o.op === op)?.ms ?? 0;
  return [...ops]
    .map((op) => {
      const baseMs = msOf(base, op);
      const variantMs = msOf(variant, op);
      return { op, baseMs, variantMs, change: baseMs > 0 ? variantMs / baseMs - 1 : null };
    })
    .filter((d) => Math.abs(d.variantMs - d.baseMs) >= minMs)
    .sort((a, b) => Math.abs(b.variantMs - b.baseMs) - Math.abs(a.variantMs - a.baseMs) || a.op.localeCompare(b.op));
}

/**
 * A batch size's profile within MAX_PROFILE_NODES nodes: past it, the slowest are kept in their order and `notes`
 * says how many were left out and how much time they held.
 */
export function capNodes(batch: ProfileBatch, notes: string[], max = MAX_PROFILE_NODES): ProfileBatch {
  if (batch.nodes.length <= max) return batch;
  const all = batch.wallMs.map((_, i) => i);
  const kept = new Set([...batch.nodes].sort((a, b) => meanSum([b], all) - meanSum([a], all)).slice(0, max));
  const dropped = batch.nodes.filter((n) => !kept.has(n));
  const droppedMs = meanSum(dropped, all);
  notes.push(
    `batch ${batch.batchSize}: the ${dropped.length} fastest of ${batch.nodes.length} nodes are left out (${droppedMs.toFixed(3)} ms in all), to keep the profile storable`,
  );
  return { ...batch, nodes: batch.nodes.filter((n) => kept.has(n)) };
}

/**
 * The share of the kernels' time spent in the first `layersHere` layers (the embeddings count with the first): what
 * the profile predicts a split's head costs, as a fraction of the whole model. Null when the profile has no layers.
 * `layersHere` at or past the model's layer count is the whole model.
 */
export function headShare(s: ProfileSummary, layersHere: number, layers: number | null): number | null {
  if (layers === null || s.kernelMs <= 0) return null;
  if (layersHere >= layers) return 1;
  const head = s.byLayer.filter((l) => l.layer !== null && l.layer < layersHere).reduce((x, l) => x + l.ms, 0);
  return head / s.kernelMs;
}
