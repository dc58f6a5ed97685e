// What each model input is for and what shape it gets (pure; inference worker and server): roles from names and element
// types, one value per symbolic dimension name chosen by its role, fixed dimensions honoured or refused up front.
import { InputSynthesisError } from './errors.ts';
import type { TensorInfo } from './run-result.ts';

/** What an input holds: token ids, the attention mask, segment ids, position ids, a KV-cache past, other floats, flags. */
export type InputRole = 'ids' | 'mask' | 'typeIds' | 'positions' | 'past' | 'random' | 'zeros';

/** What a symbolic dimension counts. 'total' is past + sequence (the mask of a KV-cache decoder). */
export type DimRole = 'batch' | 'sequence' | 'past' | 'total';

const INT_TYPES = new Set(['int64', 'int32', 'uint8', 'int8']);
const FLOAT_TYPES = new Set(['float32', 'float16']);

/** The role of an input from its name and element type; throws for element types TierLab cannot fill. */
export function roleOf(input: TensorInfo): InputRole {
  const name = input.name.toLowerCase();
  if (FLOAT_TYPES.has(input.type)) {
    if (/past|cache/.test(name)) return 'past';
    if (/mask/.test(name)) return 'mask';
    if (input.type === 'float16')
      throw new InputSynthesisError(
        `input "${input.name}" has element type float16, which TierLab fills only for KV-cache and mask inputs`,
      );
    return 'random';
  }
  if (input.type === 'bool') return /mask/.test(name) ? 'mask' : 'zeros';
  if (!INT_TYPES.has(input.type)) {
    throw new InputSynthesisError(`input "${input.name}" has element type ${input.type}, which TierLab cannot synthesize`);
  }
  if (/mask/.test(name)) return 'mask';
  if (/token_type|segment/.test(name)) return 'typeIds';
  if (/position/.test(name)) return 'positions';
  if (/ids?$|token|input/.test(name)) return 'ids';
  return 'zeros';
}

/** Inputs whose first axis is one sample per batch row and whose second is the token sequence. */
export const TOKEN_ROLES: ReadonlySet<InputRole> = new Set(['ids', 'mask', 'typeIds', 'positions']);

/** The role a dimension's name states, or null when the name says nothing (tf2onnx's unk__12, a bare -1). */
export function dimRoleOfName(name: string): DimRole | null {
  const n = name.toLowerCase();
  if (/past.*\+|\+.*past|total|present|all_?seq|kv_?(seq|len)|key_?len/.test(n)) return 'total';
  if (/past/.test(n)) return 'past';
  if (/batch|^n$|^b$|^bs$/.test(n)) return 'batch';
  if (/seq|len|token|^s$|^t$|^l$/.test(n)) return 'sequence';
  return null;
}

/** The role of an unnamed (or unhelpfully named) dimension from where it sits; null when nothing fits. */
function dimRoleByAxis(role: InputRole, axis: number, rank: number): DimRole | null {
  if (axis === 0) return 'batch';
  if (role === 'past') return rank >= 3 && axis === rank - 2 ? 'past' : null;
  if (axis === 1) return 'sequence';
  return null;
}

export interface ShapeContext {
  batch: number;
  sequence: number;
  /** Length of the KV-cache past: TierLab measures the first pass, so 0 with empty past tensors. */
  past: number;
}

const valueOf = (role: DimRole, ctx: ShapeContext): number =>
  role === 'batch' ? ctx.batch : role === 'sequence' ? ctx.sequence : role === 'past' ? ctx.past : ctx.past + ctx.sequence;

const shapeText = (input: TensorInfo) => `[${input.shape.map((d) => String(d)).join(', ')}]`;

/**
 * Resolves every dimension of `input`: fixed sizes as they are, symbolic ones by the role their name states, else by
 * position; one role per name across all inputs (`names` is shared between calls). Throws when a dimension's role
 * cannot be inferred.
 */
export function resolveDims(
  input: TensorInfo,
  role: InputRole,
  ctx: ShapeContext,
  names: Map<string, DimRole> = new Map(),
): number[] {
  return input.shape.map((d, axis) => {
    if (typeof d === 'number' && d >= 0) return d;
    const name = typeof d === 'string' && d !== '' && d !== 'null' && d !== '-1' ? d : null;
    const known = name ? (names.get(name) ?? dimRoleOfName(name)) : null;
    const dimRole = known ?? dimRoleByAxis(role, axis, input.shape.length);
    if (!dimRole) {
      throw new InputSynthesisError(
        `input "${input.name}" has a dimension ${name ? `"${name}"` : '(unnamed)'} at axis ${axis} of ${shapeText(input)} ` +
          `whose role TierLab cannot infer (it fills batch, sequence, past and total lengths)`,
      );
    }
    if (name) names.set(name, dimRole);
    return valueOf(dimRole, ctx);
  });
}

/** The sequence length the model fixes on its token inputs (axis 1), or null when it is free. */
export function fixedSequence(inputs: readonly TensorInfo[], roles: readonly InputRole[]): number | null {
  for (const [i, input] of inputs.entries()) {
    const d = input.shape[1];
    if (TOKEN_ROLES.has(roles[i] as InputRole) && input.shape.length >= 2 && typeof d === 'number' && d >= 0) return d;
  }
  return null;
}

/**
 * Refuses, naming the input and what to change, a batch size the model's fixed batch axis cannot take or a sequence
 * length its fixed sequence axis cannot take.
 */
export function checkFixedDims(
  inputs: readonly TensorInfo[],
  roles: readonly InputRole[],
  batch: number | null,
  sequence: number | null,
): void {
  for (const [i, input] of inputs.entries()) {
    const role = roles[i] as InputRole;
    if (role === 'zeros' || input.shape.length < 2) continue;
    const b = input.shape[0];
    if (batch !== null && typeof b === 'number' && b >= 0 && b !== batch) {
      throw new InputSynthesisError(
        `input "${input.name}" has shape ${shapeText(input)}: its batch axis is fixed at ${b}, so batch size ${batch} ` +
          `cannot run. Set Batch sizes to ${b}`,
      );
    }
    const s = input.shape[1];
    if (sequence !== null && TOKEN_ROLES.has(role) && typeof s === 'number' && s >= 0 && s !== sequence) {
      throw new InputSynthesisError(
        `input "${input.name}" has shape ${shapeText(input)}: its sequence axis is fixed at ${s} tokens, so sequence ` +
          `length ${sequence} cannot run. Set Sequence length to ${s}`,
      );
    }
  }
  // A model none of whose inputs has a variable first axis takes one fixed-shape call whatever the batch size: feeding
  // it "batch 4" would run the same sample and count it four times (an input named "0" of shape [1, 4] once did).
  if (batch !== null && batch > 1) {
    const variable = inputs.some(
      (input) => input.shape.length >= 1 && !(typeof input.shape[0] === 'number' && input.shape[0] >= 0),
    );
    const fixedAtBatch = inputs.some((input, i) => roles[i] !== 'zeros' && input.shape.length >= 2 && input.shape[0] === batch);
    if (inputs.length > 0 && !variable && !fixedAtBatch)
      throw new InputSynthesisError(
        `no input of this model has a variable first (batch) axis (${inputs.map((input) => `"${input.name}" ${shapeText(input)}`).join(', ')}), ` +
          `so batch size ${batch} would run one fixed-shape sample and count it ${batch} times. Set Batch sizes to 1`,
      );
  }
}
