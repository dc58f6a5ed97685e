// Loads the model catalog of the local mirror (main thread) and resolves a plan's model to a download.
import * as v from 'valibot';
import {
  CatalogSchema,
  hubFileUrl,
  unsupportedReason,
  variantFileName,
  type Catalog,
  type CatalogEntry,
  type Dtype,
} from '../../shared/catalog.ts';
import { DataFormatError, ModelFetchError, PlanError } from '../../shared/errors.ts';
import type { ModelSize } from '../../shared/memory-check.ts';
import type { RunPlan, RuntimeName } from '../../shared/run-plan.ts';
import type { ModelLocation } from '../../shared/contracts/model.ts';
import { hubRepoOf } from '../../shared/hub-url.ts';

/** Base URL of the local mirror in the Hub's layout. */
export const MIRROR_URL = new URL('models/', new URL(import.meta.env.BASE_URL, window.location.href)).href;

/** This server's copy of the mirror in the Hub's URL layout. */
export const LOCAL_HUB_URL = new URL('hub/', new URL(import.meta.env.BASE_URL, window.location.href)).href;

/**
 * Where Hub models are downloaded from: the page's `hub` query (`local` for this server's /hub/ mirror, or a URL with
 * the Hub's layout, e.g. a mirror for an offline talk), else VITE_HUB_URL at build time, else the Hub itself.
 */
export function hubUrl(search: string = window.location.search): string {
  const hub = new URLSearchParams(search).get('hub');
  if (hub === 'local') return LOCAL_HUB_URL;
  if (hub && /^https?:\/\//.test(hub)) return hub;
  return import.meta.env.VITE_HUB_URL || 'https://huggingface.co';
}

export async function loadCatalog(): Promise<Catalog> {
  const response = await fetch(new URL('catalog.json', MIRROR_URL));
  if (!response.ok)
    throw new ModelFetchError(`the model catalog could not be loaded (HTTP ${response.status}); run "npm run models:build"`);
  const parsed = v.safeParse(CatalogSchema, await response.json());
  if (!parsed.success) throw new DataFormatError(`the model catalog is malformed: ${parsed.issues[0].message}`);
  return parsed.output;
}

export interface ResolvedModel {
  id: string;
  variant: string;
  entry: CatalogEntry | null;
  /** URL to download, or null for a dropped file. */
  url: string | null;
  /** Download size in bytes when the catalog knows it. */
  bytes: number | null;
  /** The .onnx file and its external data, when the catalog knows them. */
  size: ModelSize | null;
}

/** What resolveModel needs from a plan: the model and the runtime that will load it. */
export type ModelChoice = Pick<RunPlan, 'model' | 'runtime'>;

/** Finds the file a plan points at; a catalog id or variant that does not exist is a PlanError naming what does. */
export function resolveModel(plan: ModelChoice, catalog: Catalog | null): ResolvedModel {
  const m = plan.model;
  if (m.kind === 'url') return { id: m.url, variant: 'custom', entry: null, url: m.url, bytes: null, size: null };
  if (m.kind === 'file') return { id: m.name, variant: 'custom', entry: null, url: null, bytes: null, size: null };
  const entry =
    catalog?.entries.find((e) => e.id === m.id) ?? (plan.runtime === 'transformers.js' ? adHocEntry(m.id, m.dtype) : null);
  if (!entry) {
    const known = catalog?.entries.map((e) => e.id).join(', ') || 'none loaded';
    throw new PlanError(
      `model "${m.id}" is not in the catalog (known: ${known}); other Hub ids load with the transformers.js runtime`,
    );
  }
  const variant = entry.variants.find((x) => x.dtype === m.dtype);
  if (!variant) {
    throw new PlanError(
      `model "${m.id}" has no ${m.dtype} variant (available: ${entry.variants.map((x) => x.dtype).join(', ')})`,
    );
  }
  const unsupported = unsupportedReason(entry, variant, plan.runtime);
  if (unsupported) throw new PlanError(`${entry.id} ${m.dtype} cannot run on ${plan.runtime}: ${unsupported}`);
  const url =
    entry.source === 'local'
      ? new URL(`${entry.id}/${variant.file}`, MIRROR_URL).href
      : hubFileUrl(hubUrl(), entry.id, variant.file);
  const bytes = variant.bytes > 0 ? variant.bytes + (variant.externalDataBytes ?? 0) : null;
  const size = variant.bytes > 0 ? { graphBytes: variant.bytes, externalDataBytes: variant.externalDataBytes ?? 0 } : null;
  return { id: entry.id, variant: m.dtype, entry, url, bytes, size };
}

/** The task of the plan's model: its catalog entry's, else classification (URLs, files and ad-hoc Hub ids). */
export function taskOf(plan: RunPlan, catalog: Catalog | null): CatalogEntry['task'] {
  const m = plan.model;
  if (m.kind !== 'catalog') return 'text-classification';
  return catalog?.entries.find((e) => e.id === m.id)?.task ?? 'text-classification';
}

/**
 * Where transformers.js (and the tokenizer) read a catalog model from: the Hub (or VITE_HUB_URL) for Hub entries;
 * for local fixtures under transformers.js, this server's Hub-layout mirror at /hub/, so the remote-loading path runs;
 * under onnxruntime-web, fixtures' tokenizers come straight from the mirror. Null for URL and file models.
 */
export function modelLocation(model: ResolvedModel, runtime: RuntimeName): ModelLocation | null {
  if (!model.entry) return null;
  if (model.entry.source === 'hub') return { modelId: model.id, from: 'hub', hubUrl: hubUrl() };
  if (runtime === 'transformers.js') return { modelId: model.id, from: 'hub', hubUrl: LOCAL_HUB_URL };
  return { modelId: model.id, from: 'mirror', mirrorUrl: MIRROR_URL };
}

/**
 * Where a run's tokenizer comes from: a catalog model's own, or the repository a Hub-layout URL points into (its
 * tokenizer.json sits next to the ONNX file); null for a file from the device or any other URL.
 */
export function tokenizerLocation(
  plan: Pick<RunPlan, 'model'>,
  model: ResolvedModel,
  runtime: RuntimeName,
): ModelLocation | null {
  if (plan.model.kind === 'catalog') return modelLocation(model, runtime);
  if (plan.model.kind !== 'url') return null;
  const repo = hubRepoOf(plan.model.url);
  return repo ? { from: 'hub', hubUrl: repo.hubUrl, modelId: repo.modelId } : null;
}

/** A Hub model that is not in the catalog, loaded by id with transformers.js: nothing about it is verified. */
function adHocEntry(id: string, dtype: Dtype): CatalogEntry {
  return {
    id,
    name: id,
    task: 'text-classification',
    family: 'teacher',
    source: 'hub',
    parameters: 0,
    description: 'not in the catalog: loaded by id',
    licence: 'unknown',
    provenance: 'typed in by the person running the benchmark',
    sources: [],
    unverified: ['everything: this model is not in the catalog'],
    variants: [{ dtype, file: `onnx/${variantFileName(dtype)}`, bytes: 0 }],
  };
}
