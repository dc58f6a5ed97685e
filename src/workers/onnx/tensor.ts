// ONNX TensorProto, read and written losslessly (pure; inference worker and Node tests). Every numeric encoding an
// exporter may use becomes little-endian raw bytes: raw_data, float_data, double_data, int32_data (which also carries
// int8/16, uint8/16, bool, float16, bfloat16 and float8 as varints), int64_data (two's complement varints: -1 and
// INT64_MAX stay themselves) and uint64_data (uint32, uint64). A tensor whose data lives in an external file or is a
// string keeps no data here, and is refused by name wherever its values are needed.
import { TensorDataError } from '../../shared/errors.ts';
import {
  concat,
  lengthField,
  packedVarints,
  packedVarintsBig,
  parseFields,
  readVarint,
  readVarintBig,
  varintField,
  type Field,
} from './protobuf.ts';

/** TensorProto.DataType values (onnx.proto). */
export const DT = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
} as const;

/** Bytes per element of each fixed-width type. */
export const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  16: 2,
  17: 1,
  18: 1,
  19: 1,
  20: 1,
};

/** An initializer, its data as raw little-endian bytes. */
export interface Tensor {
  name: string;
  dataType: number;
  dims: number[];
  data: Uint8Array;
  /** Set when the values are not in the file (external data) or not numbers (strings): `data` is then empty. */
  unreadable?: string;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Elements of a repeated numeric field, packed (wire 2) or one per field (wire 0, 1 or 5). */
function fixedValues(payload: Uint8Array, f: Field, width: 4 | 8): Uint8Array {
  if (f.wire === 2) return payload.slice(f.start, f.end);
  return payload.slice(f.start, f.start + width);
}

function varintValues(payload: Uint8Array, f: Field): bigint[] {
  return f.wire === 2 ? packedVarintsBig(payload, f.start, f.end) : [readVarintBig(payload, f.start)[0]];
}

/** int32_data's varints as raw bytes of `dataType` (each varint holds one element, sign-extended to 64 bits). */
function int32DataBytes(values: bigint[], dataType: number, name: string): Uint8Array {
  const width = ELEMENT_BYTES[dataType];
  if (!width || dataType === DT.INT64 || dataType === DT.DOUBLE || dataType === DT.UINT64 || dataType === DT.UINT32)
    throw new TensorDataError(`tensor "${name}" keeps type ${dataType} in int32_data, which ONNX does not allow`);
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const n = Number(BigInt.asUintN(width * 8, v));
    if (width === 1) view.setUint8(i, n);
    else if (width === 2) view.setUint16(i * 2, n, true);
    else view.setUint32(i * 4, n, true);
  });
  return out;
}

function bigBytes(values: bigint[], signed: boolean): Uint8Array {
  const arr = signed ? BigInt64Array.from(values, (v) => BigInt.asIntN(64, v)) : BigUint64Array.from(values);
  return new Uint8Array(arr.buffer);
}

/** uint64_data holds uint32 and uint64. */
function uint64DataBytes(values: bigint[], dataType: number): Uint8Array {
  if (dataType === DT.UINT32) return new Uint8Array(Uint32Array.from(values, (v) => Number(BigInt.asUintN(32, v))).buffer);
  return bigBytes(values, false);
}

/** Reads a TensorProto's payload; every numeric encoding becomes raw little-endian bytes, without loss. */
export function decodeTensor(payload: Uint8Array): Tensor {
  const t: Tensor = { name: '', dataType: 0, dims: [], data: new Uint8Array(0) };
  const chunks: { field: number; bytes?: Uint8Array; values?: bigint[] }[] = [];
  let external = false;
  let strings = 0;
  for (const f of parseFields(payload, 0, payload.length)) {
    if (f.field === 1)
      t.dims.push(...(f.wire === 2 ? packedVarints(payload, f.start, f.end) : [readVarint(payload, f.start)[0]]));
    else if (f.field === 2) t.dataType = readVarint(payload, f.start)[0];
    else if (f.field === 8) t.name = decoder.decode(payload.subarray(f.start, f.end));
    // A copy with its own buffer (a Node Buffer's slice() would share the pool).
    else if (f.field === 9) chunks.push({ field: 9, bytes: new Uint8Array(payload.subarray(f.start, f.end)) });
    else if (f.field === 4) chunks.push({ field: 4, bytes: fixedValues(payload, f, 4) });
    else if (f.field === 10) chunks.push({ field: 10, bytes: fixedValues(payload, f, 8) });
    else if (f.field === 5 || f.field === 7 || f.field === 11) chunks.push({ field: f.field, values: varintValues(payload, f) });
    else if (f.field === 6) strings++;
    else if (f.field === 13) external = true;
    else if (f.field === 14 && readVarint(payload, f.start)[0] === 1) external = true;
  }
  if (external) return { ...t, unreadable: `initializer "${t.name}" keeps its data in an external file` };
  if (t.dataType === DT.STRING || strings > 0) return { ...t, unreadable: `tensor "${t.name}" holds strings` };
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    if (c.bytes) parts.push(c.bytes);
    else if (c.field === 5) parts.push(int32DataBytes(c.values as bigint[], t.dataType, t.name));
    else if (c.field === 7) parts.push(bigBytes(c.values as bigint[], true));
    else parts.push(uint64DataBytes(c.values as bigint[], t.dataType));
  }
  t.data = parts.length === 1 ? (parts[0] as Uint8Array) : concat(parts);
  const width = ELEMENT_BYTES[t.dataType];
  const expected = t.dims.reduce((a, d) => a * d, 1) * (width ?? 0);
  if (width && t.data.length !== expected)
    throw new TensorDataError(
      `tensor "${t.name}" has ${t.data.length} bytes of data for dims [${t.dims.join(', ')}] (${expected} expected)`,
    );
  return t;
}

/** A TensorProto payload holding `t`, its data as raw_data (valid for every numeric type). */
export function encodeTensorPayload(t: Tensor): Uint8Array {
  if (t.unreadable) throw new TensorDataError(`${t.unreadable}: TierLab cannot rewrite it`);
  const width = ELEMENT_BYTES[t.dataType];
  const expected = t.dims.reduce((a, d) => a * d, 1) * (width ?? 1);
  if (width && t.data.length !== expected)
    throw new TensorDataError(`tensor "${t.name}" has ${t.data.length} bytes for dims [${t.dims.join(', ')}]`);
  return concat([
    ...t.dims.map((d) => varintField(1, d)),
    varintField(2, t.dataType),
    lengthField(8, encoder.encode(t.name)),
    lengthField(9, t.data),
  ]);
}

/** The values of an integer tensor (INT64 or INT32) as BigInt, exactly. */
export function intValues(t: Tensor): bigint[] {
  if (t.dataType === DT.INT64) return Array.from(new BigInt64Array(new Uint8Array(t.data).buffer));
  if (t.dataType === DT.INT32) return Array.from(new Int32Array(new Uint8Array(t.data).buffer), BigInt);
  throw new TensorDataError(`tensor "${t.name}" is not an integer tensor`);
}
