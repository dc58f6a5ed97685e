// What makes two results comparable (runs everywhere, pure): the work a run measured. Crowd figures pool results only
// when every field of this key is the same; threads, the onnxruntime-web build, the protocol and the device are
// context, shown beside the figures but never part of the key (docs/results.md gives the rule and why).
import type { RunResult } from './run-result.ts';

export interface ComparabilityKey {
  /** Catalog model id. */
  model: string;
  /** The catalog variant (dtype): another file, another amount of arithmetic. */
  variant: string;
  /** onnxruntime-web sessions or the transformers.js pipeline (its tokenizer and pre-processing run inside the timing). */
  runtime: string;
  /** The execution provider that actually ran (not the one asked for). */
  backend: string;
  /** The plan's sequence length: the length fed ('max-length') or its cap ('longest'). */
  seq: number;
  padding: string;
  /** The snippets' language, or 'mixed'. With 'longest' padding it sets the lengths fed. */
  language: string;
  /** Tokenized snippets or synthetic ids. */
  inputs: string;
  /** Tokens generated per sequence; null for a forward pass (encoders). */
  newTokens: number | null;
}

/** The key's fields in the order of its id. */
export const KEY_FIELDS = [
  'model',
  'variant',
  'runtime',
  'backend',
  'seq',
  'padding',
  'language',
  'inputs',
  'newTokens',
] as const;

const SEPARATOR = '|';

/** The key of a (verified) result. */
export function keyOf(r: RunResult): ComparabilityKey {
  return {
    model: r.model.id,
    variant: r.model.variant,
    runtime: r.plan.runtime,
    backend: r.environment.executionProvider,
    seq: r.plan.seq,
    padding: r.plan.padding,
    language: r.plan.language,
    inputs: r.inputs.kind,
    newTokens: r.plan.generation?.newTokens ?? null,
  };
}

/** The key as one string, stored with each result and carried in URLs (`key=`): the fields joined by "|", a
 *  generator's token count as "gen16", a forward pass as "fwd". No field holds a "|": catalog ids and the picklists
 *  cannot. */
export function keyId(k: ComparabilityKey): string {
  return [
    k.model,
    k.variant,
    k.runtime,
    k.backend,
    `seq${k.seq}`,
    k.padding,
    k.language,
    k.inputs,
    k.newTokens === null ? 'fwd' : `gen${k.newTokens}`,
  ].join(SEPARATOR);
}

/** The key of an id; null for anything keyId could not have written. */
export function parseKeyId(id: string): ComparabilityKey | null {
  if (id.length > 400) return null;
  const parts = id.split(SEPARATOR);
  if (parts.length !== KEY_FIELDS.length || parts.some((p) => p === '')) return null;
  const [model, variant, runtime, backend, seq, padding, language, inputs, work] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const seqMatch = /^seq([1-9]\d{0,5})$/.exec(seq);
  const genMatch = /^gen([1-9]\d{0,5})$/.exec(work);
  if (!seqMatch || (!genMatch && work !== 'fwd')) return null;
  return {
    model,
    variant,
    runtime,
    backend,
    seq: Number(seqMatch[1]),
    padding,
    language,
    inputs,
    newTokens: genMatch ? Number(genMatch[1]) : null,
  };
}

/** The key in words, for a picker or a caption: "tierlab/tiny-code-encoder fp32, onnxruntime-web on wasm, seq 128
 *  max-length, mixed tokenized". */
export function keyLabel(k: ComparabilityKey): string {
  const work = k.newTokens === null ? '' : `, ${k.newTokens} new tokens`;
  return `${k.model} ${k.variant}, ${k.runtime} on ${k.backend}, seq ${k.seq} ${k.padding}, ${k.language} ${k.inputs}${work}`;
}

/** The fields in which two keys differ (empty: comparable). */
export function keyDifferences(a: ComparabilityKey, b: ComparabilityKey): (typeof KEY_FIELDS)[number][] {
  return KEY_FIELDS.filter((f) => a[f] !== b[f]);
}
