// A profile section for tests (any thread): a WASM profile of the given batch sizes, ready to change.
import type { ProfileBatch, ProfileNode, ProfileSection } from '../../shared/profile.ts';

/** A CPU-provider node timed `ms` in each run. */
export function profileNode(name: string, op: string, ms: number[], extra: Partial<ProfileNode> = {}): ProfileNode {
  return { name, op, provider: 'CPUExecutionProvider', clock: 'cpu', layer: null, ms, inputShapes: [], ...extra };
}

export function sampleProfile(batches: ProfileBatch[], layers: number | null = null): ProfileSection {
  return {
    source: 'ort-profiler',
    requestedProvider: 'wasm',
    resolutionMs: 0.001,
    clock: 'cpu',
    warmupRuns: 2,
    layers,
    batches,
    notes: [],
  };
}
