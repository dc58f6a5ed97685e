// Protobuf wire format for ONNX files (pure; inference worker and Node tests): the one varint reader and writer of
// TierLab, fields as byte ranges so a message can be copied without re-encoding, and 64-bit values as BigInt where a
// Number would lose them (an int64 of -1 is ten bytes of 0xff…01, INT64_MAX has 19 digits).

/** One field of a protobuf message: number, wire type, payload range and the whole field's bytes range. */
export interface Field {
  field: number;
  wire: number;
  start: number;
  end: number;
  rawStart: number;
  rawEnd: number;
}

/** A varint as a Number: exact up to 2^53, which covers tags, lengths, dims and enum values. */
export function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new RangeError('truncated varint');
    const b = buf[pos++] as number;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new RangeError('varint too long');
  }
}

/** A varint as an unsigned 64-bit BigInt, exact. */
export function readVarintBig(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new RangeError('truncated varint');
    const b = buf[pos++] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, result), pos];
    shift += 7n;
    if (shift > 63n) throw new RangeError('varint too long');
  }
}

/** Reads a varint that holds an int64 (two's complement, as protobuf writes int32 and int64 fields). */
export const readInt64 = (buf: Uint8Array, pos: number): [bigint, number] => {
  const [v, next] = readVarintBig(buf, pos);
  return [BigInt.asIntN(64, v), next];
};

/** Every varint between `start` and `end` (a packed repeated field), as BigInt. */
export function packedVarintsBig(buf: Uint8Array, start: number, end: number): bigint[] {
  const out: bigint[] = [];
  for (let pos = start; pos < end;) {
    const [v, next] = readVarintBig(buf, pos);
    out.push(v);
    pos = next;
  }
  return out;
}

/** Every varint between `start` and `end`, as Numbers (dims, small ints). */
export function packedVarints(buf: Uint8Array, start: number, end: number): number[] {
  const out: number[] = [];
  for (let pos = start; pos < end;) {
    const [v, next] = readVarint(buf, pos);
    out.push(v);
    pos = next;
  }
  return out;
}

export function parseFields(buf: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let pos = start;
  while (pos < end) {
    const rawStart = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let s = pos;
    if (wire === 0) [, pos] = readVarint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [len, after] = readVarint(buf, pos);
      s = after;
      pos = after + len;
    } else throw new RangeError(`unsupported wire type ${wire}`);
    if (pos > end) throw new RangeError('truncated field');
    out.push({ field, wire, start: s, end: pos, rawStart, rawEnd: pos });
  }
  return out;
}

function varintBytes(n: number | bigint): number[] {
  const out: number[] = [];
  if (typeof n === 'bigint' || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    let v = BigInt.asUintN(64, BigInt(n));
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return out;
  }
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A length-delimited field (wire type 2) holding `payload`. */
export function lengthField(field: number, payload: Uint8Array): Uint8Array {
  const head = [...varintBytes(field * 8 + 2), ...varintBytes(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** A varint field; a negative value is written as protobuf writes int64: ten bytes of two's complement. */
export function varintField(field: number, value: number | bigint): Uint8Array {
  return Uint8Array.from([...varintBytes(field * 8), ...varintBytes(value)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const decoder = new TextDecoder();
export const text = (buf: Uint8Array, f: Field): string => decoder.decode(buf.subarray(f.start, f.end));

/** The payload of a length-delimited field given as its whole bytes (tag, length, payload). */
export const payloadOf = (field: Uint8Array): Uint8Array => {
  const [f] = parseFields(field, 0, field.length);
  return field.subarray((f as Field).start, (f as Field).end);
};
