// The ONNX codec (src/workers/onnx/): every model TierLab builds is written back byte for byte when untouched; every
// tensor encoding decodes exactly, checked against TensorProtos written by an independent encoder (onnx-proto, the
// fixture builder's protobufjs); and the operators keep int64 constants stored in int64_data and weights read only
// inside subgraphs (the odd exports `int64-data-constants` and `weight-in-subgraph`), checked in onnxruntime-node.
import { OperatorError } from '../../shared/errors.ts';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel, floats, intAttr, openModel } from '../operators/onnx-edit.ts';
import { toFp16 } from '../operators/fp16.ts';
import { pruneUnstructured } from '../operators/prune-unstructured.ts';
import { dynamicInt8, weightOnlyQ4 } from '../operators/weight-quant.ts';
import type { Rewritten } from '../operators/weight-quant.ts';
import { DT as FIXTURE_DT, GraphBuilder } from '../../../models/fixtures/onnx-graph.ts';
import { encodeGraph, parseModel } from './model.ts';
import { payloadOf } from './protobuf.ts';
import { DT, decodeTensor, encodeTensorPayload, intValues } from './tensor.ts';

const { onnx } = onnxProto;
const mirror = path.resolve(import.meta.dirname, '../../../models/mirror');
const odd = (name: string) => new Uint8Array(readFileSync(path.join(mirror, 'tierlab-tests/odd', `${name}.onnx`)));

function onnxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? onnxFiles(p) : f.endsWith('.onnx') ? [p] : [];
  });
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** protobufjs's form of a 64-bit value. */
const long = (v: bigint, unsigned = false) => {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned };
};
const tensorBytes = (t: onnxProto.onnx.ITensorProto) => onnx.TensorProto.encode(t).finish();

describe('round trip', () => {
  const files = onnxFiles(mirror);

  it('covers every model the fixture builder writes, odd exports included', () => {
    expect(files.length).toBeGreaterThan(15);
    expect(files.some((f) => f.endsWith('int64-data-constants.onnx'))).toBe(true);
  });

  it('writes every untouched model back byte for byte, as parsed and as opened for editing', () => {
    // The corrupt fixture is not a model: it is refused, not round-tripped.
    for (const f of files.filter((f) => f.includes('corrupt')))
      expect(() => parseModel(new Uint8Array(readFileSync(f)))).toThrow();
    for (const f of files.filter((f) => !f.includes('corrupt'))) {
      const bytes = new Uint8Array(readFileSync(f));
      const m = parseModel(bytes);
      const again = encodeGraph(m, {
        nodes: m.nodes,
        initializers: m.initializers.map((i) => i.raw),
        inputs: m.inputs.map((i) => i.raw),
        outputs: m.outputs.map((o) => o.raw),
        valueInfo: m.valueInfo.map((v) => v.raw),
      });
      expect(Buffer.from(again).equals(Buffer.from(bytes)), path.relative(mirror, f)).toBe(true);
      expect(Buffer.from(encodeModel(openModel(bytes))).equals(Buffer.from(bytes)), path.relative(mirror, f)).toBe(true);
    }
  });
});

describe('tensor encodings', () => {
  it('int64_data keeps -1, INT64_MAX and INT64_MIN (once read as 0, INT64_MIN and 0)', () => {
    const values = [-1n, INT64_MAX, INT64_MIN, 0n, 42n];
    const t = decodeTensor(
      tensorBytes({ name: 'c', dims: [5], dataType: DT.INT64, int64Data: values.map((v) => long(v)) as never }),
    );
    expect(intValues(t)).toEqual(values);
    // Written back as raw_data, which onnx-proto reads as the same little-endian int64s.
    const back = onnx.TensorProto.decode(encodeTensorPayload(t));
    expect(Array.from(new BigInt64Array(Uint8Array.from(back.rawData).buffer))).toEqual(values);
  });

  it('int32_data carries int32, int8, uint16, float16 bits and bool, each at its own width', () => {
    const cases: [number, number[], ArrayLike<number>][] = [
      [DT.INT32, [-1, 2147483647, -2147483648], Int32Array.of(-1, 2147483647, -2147483648)],
      [DT.INT8, [-128, 127, -1], Int8Array.of(-128, 127, -1)],
      [DT.UINT16, [65535, 1], Uint16Array.of(65535, 1)],
      [DT.FLOAT16, [0x3c00, 0xc000], Uint16Array.of(0x3c00, 0xc000)],
      [DT.BOOL, [1, 0, 1], Uint8Array.of(1, 0, 1)],
    ];
    for (const [dataType, int32Data, expected] of cases) {
      const t = decodeTensor(tensorBytes({ name: 'c', dims: [int32Data.length], dataType, int32Data }));
      const view = new (expected.constructor as new (b: ArrayBuffer) => ArrayLike<number>)(new Uint8Array(t.data).buffer);
      expect(Array.from(view), `type ${dataType}`).toEqual(Array.from(expected));
    }
  });

  it('float_data, double_data and uint64_data decode exactly', () => {
    const f = decodeTensor(tensorBytes({ name: 'f', dims: [2], dataType: DT.FLOAT, floatData: [1.5, -2] }));
    expect(Array.from(floats(f))).toEqual([1.5, -2]);
    const d = decodeTensor(tensorBytes({ name: 'd', dims: [1], dataType: DT.DOUBLE, doubleData: [0.1] }));
    expect(new Float64Array(new Uint8Array(d.data).buffer)[0]).toBe(0.1);
    const u = decodeTensor(
      tensorBytes({ name: 'u', dims: [1], dataType: DT.UINT64, uint64Data: [long(2n ** 64n - 1n, true)] as never }),
    );
    expect(new BigUint64Array(new Uint8Array(u.data).buffer)[0]).toBe(2n ** 64n - 1n);
    const u32 = decodeTensor(tensorBytes({ name: 'u32', dims: [1], dataType: DT.UINT32, uint64Data: [4294967295] }));
    expect(new Uint32Array(new Uint8Array(u32.data).buffer)[0]).toBe(4294967295);
  });

  it('refuses by name a tensor whose data is in an external file or is text, and data that does not fit its dims', () => {
    const external = decodeTensor(
      tensorBytes({
        name: 'w',
        dims: [2],
        dataType: DT.FLOAT,
        dataLocation: 1,
        externalData: [{ key: 'location', value: 'w.bin' }],
      }),
    );
    expect(() => floats(external)).toThrow(OperatorError);
    expect(() => floats(external)).toThrow(/initializer "w" keeps its data in an external file/);
    expect(() => encodeTensorPayload(external)).toThrow(/external file: TierLab cannot rewrite it/);
    expect(
      decodeTensor(tensorBytes({ name: 's', dims: [1], dataType: DT.STRING, stringData: [Uint8Array.of(65)] })).unreadable,
    ).toMatch(/"s" holds strings/);
    expect(() => decodeTensor(tensorBytes({ name: 'short', dims: [3], dataType: DT.FLOAT, floatData: [1] }))).toThrow(
      /"short" has 4 bytes of data for dims \[3\] \(12 expected\)/,
    );
  });

  it('reads a negative int attribute as itself (axis = -1 once read as 0)', () => {
    const m = parseModel(odd('post-norm-ln17'));
    const ln = m.nodes.find((n) => n.op === 'LayerNormalization');
    expect(ln && intAttr(ln, 'axis')).toBe(-1);
  });
});

async function run(bytes: Uint8Array, x: Float32Array, dims: number[]): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    const out = await session.run({ x: new ort.Tensor('float32', x, dims) });
    return out[session.outputNames[0] as string] as ort.Tensor;
  } finally {
    await session.release();
  }
}

const OPERATORS: [string, (b: Uint8Array) => Rewritten, number][] = [
  ['dynamic int8 per tensor', (b) => dynamicInt8(b, false), 0.05],
  ['dynamic int8 per channel', (b) => dynamicInt8(b, true), 0.05],
  ['fp16', (b) => toFp16(b), 0.01],
  ['unstructured 50%', (b) => pruneUnstructured(b, 0.5), Infinity],
];

const input = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7));
const maxRelDiff = (a: Float32Array, b: Float32Array) => {
  const scale = Math.max(...Array.from(a, Math.abs));
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number)))) / scale;
};

describe('operators on odd encodings', () => {
  it('keep int64_data constants: every variant of the Reshape(-1)/Slice(INT64_MAX) graph gives [4, 6]', async () => {
    const bytes = odd('int64-data-constants');
    const x = input(32);
    const reference = await run(bytes, x, [2, 16]);
    expect(reference.dims).toEqual([4, 6]);
    for (const [name, op, tolerance] of OPERATORS) {
      const { bytes: out } = op(bytes);
      const m = openModel(out);
      const shape = [...m.tensors.values()].find((t) => t.dataType === DT.INT64 && t.dims[0] === 2);
      expect(shape && intValues(shape), name).toEqual([-1n, 8n]);
      expect(
        [...m.tensors.values()].some((t) => t.dataType === DT.INT64 && intValues(t)[0] === INT64_MAX),
        name,
      ).toBe(true);
      const got = await run(out, x, [2, 16]);
      expect(got.dims, name).toEqual([4, 6]);
      if (Number.isFinite(tolerance))
        expect(maxRelDiff(reference.data as Float32Array, got.data as Float32Array), name).toBeLessThan(tolerance);
    }
  });

  it('keep a weight read only inside an If branch: every variant loads and agrees, and fp16 refuses in words', async () => {
    const bytes = odd('weight-in-subgraph');
    const x = input(16);
    const reference = await run(bytes, x, [2, 8]);
    expect(() => toFp16(bytes)).toThrow(/fp16 does not rewrite subgraphs yet, and the If node "y" has one/);
    for (const [name, op, tolerance] of OPERATORS.filter(([n]) => n !== 'fp16')) {
      const { bytes: out } = op(bytes);
      expect(
        openModel(out).tensors.has(parseModel(bytes).initializers.find((i) => i.name.startsWith('branch_weight'))?.name ?? '?'),
        name,
      ).toBe(true);
      const got = await run(out, x, [2, 8]);
      expect(got.dims, name).toEqual([2, 8]);
      if (Number.isFinite(tolerance))
        expect(maxRelDiff(reference.data as Float32Array, got.data as Float32Array), name).toBeLessThan(tolerance);
    }
  });
});

describe('operators on older exports', () => {
  it('dynamic int8 raises opset 10 to 11 where every operator keeps its meaning (onnxruntime once said "No Op registered for DynamicQuantizeLinear")', async () => {
    const bytes = odd('opset-10');
    const { bytes: q, report } = dynamicInt8(bytes, true);
    expect(report.notes).toContain('opset raised from 10 to 11 (every operator in the graph means the same at 11)');
    const [want, got] = [await run(bytes, input(16), [2, 8]), await run(q, input(16), [2, 8])];
    const diff = Math.max(...Array.from(want.data as Float32Array, (v, i) => Math.abs(v - (got.data as Float32Array)[i]!)));
    expect(diff).toBeLessThan(0.05);
    // fp16 needs nothing newer than opset 10: it still runs.
    expect((await run(toFp16(bytes).bytes, input(16), [2, 8])).dims).toEqual([2, 4]);
  });

  it('an operator whose meaning changed (Clip-6 takes min and max as attributes, Clip-11 as inputs) blocks the raise, by name', () => {
    const g = new GraphBuilder('clip');
    const x = g.input('x', FIXTURE_DT.FLOAT, ['batch', 8]);
    const h = g.node('MatMul', [x, g.init('w', [8, 4], input(32))]);
    g.node('Clip', [h], { min: { float: 0 }, max: { float: 1 } }, 'y');
    g.output('y', FIXTURE_DT.FLOAT, ['batch', 4]);
    const bytes = g.encode('clip', 10);
    expect(() => dynamicInt8(bytes, true)).toThrow(
      /dynamic int8 needs opset 11 or later, and this model is opset 10; raising it would change the meaning of Clip .*re-export it at opset 11 or later/,
    );
  });

  it('weights that are also graph inputs: every variant needs only x, and agrees', async () => {
    const bytes = odd('weights-as-inputs');
    const x = input(16);
    const reference = await run(bytes, x, [2, 8]);
    for (const [name, op, tolerance] of OPERATORS) {
      const out = op(bytes).bytes;
      const session = await ort.InferenceSession.create(out, { intraOpNumThreads: 1 });
      try {
        // Each input left is the real one or a weight still in the file (overridable, so never required).
        const initializers = new Set(parseModel(out).initializers.map((i) => i.name));
        expect(
          session.inputNames.filter((n) => n !== 'x' && !initializers.has(n)),
          name,
        ).toEqual([]);
        const got = (await session.run({ x: new ort.Tensor('float32', x, [2, 8]) }))[
          session.outputNames[0] as string
        ] as ort.Tensor;
        expect(got.dims, name).toEqual([2, 4]);
        if (Number.isFinite(tolerance))
          expect(maxRelDiff(reference.data as Float32Array, got.data as Float32Array), name).toBeLessThan(tolerance);
      } finally {
        await session.release();
      }
    }
  });
});

describe('fp16 and outputs read inside the graph', () => {
  it("keeps a KV cache's present.* usable: the odd kv-cache export in fp16 runs and agrees with fp32 on both outputs", async () => {
    const bytes = odd('kv-cache');
    const feeds = () => ({
      input_ids: new ort.Tensor('int64', BigInt64Array.of(3n, 7n, 1n, 4n), [2, 2]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.of(1n, 1n, 1n, 1n), [2, 2]),
      position_ids: new ort.Tensor('int64', BigInt64Array.of(0n, 1n, 0n, 1n), [2, 2]),
      'past_key_values.0.key': new ort.Tensor('float32', new Float32Array(0), [2, 2, 0, 4]),
    });
    const outputs = async (model: Uint8Array) => {
      const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
      try {
        return await session.run(feeds());
      } finally {
        await session.release();
      }
    };
    const reference = await outputs(bytes);
    const half = await outputs(toFp16(bytes).bytes);
    for (const name of ['scores', 'present.0.key']) {
      const [a, b] = [reference[name], half[name]] as ort.Tensor[];
      expect(b?.type, name).toBe('float32');
      expect(b?.dims, name).toEqual(a?.dims);
      expect(maxRelDiff(a?.data as Float32Array, b?.data as Float32Array), name).toBeLessThan(0.01);
    }
  });

  it("TierLab's own tiny decoder (present.* read by its next layer) in fp16 loads in onnxruntime", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(mirror, 'tierlab/tiny-code-decoder/onnx/model.onnx')));
    const session = await ort.InferenceSession.create(toFp16(bytes).bytes, { intraOpNumThreads: 1 });
    expect(session.outputNames.some((n) => n.startsWith('present'))).toBe(true);
    await session.release();
  });
});

describe('a variant that would rewrite nothing is refused, naming what was left', () => {
  const refusals: [string, RegExp][] = [
    ['gemm-only', /Gemm → .*: Gemm is not rewritten yet/],
    ['weight-behind-transpose', /MatMul → y: its weight is behind a Transpose/],
  ];
  for (const [file, why] of refusals)
    it(`${file}: dynamic int8, 4-bit and unstructured pruning each say why`, () => {
      const bytes = odd(file);
      for (const [name, op] of [
        ['dynamic int8', (b: Uint8Array) => dynamicInt8(b, true)],
        ['4-bit weights', (b: Uint8Array) => weightOnlyQ4(b, 32, false)],
        ['unstructured pruning', (b: Uint8Array) => pruneUnstructured(b, 0.5)],
      ] as const) {
        expect(() => op(bytes), name).toThrow(OperatorError);
        expect(() => op(bytes), name).toThrow(new RegExp(`^${name} rewrote nothing: .*left as they are: ${why.source}`));
      }
    });

  it('a model that was rewritten reports what it left: the If branch weight of weight-in-subgraph', () => {
    expect(dynamicInt8(odd('weight-in-subgraph'), true).report.skipped).toEqual([
      'If → y: weights read inside its subgraph are not rewritten',
    ]);
  });
});

// The payload helper reads what lengthField writes (used by every reader above).
it('payloadOf returns a length-delimited field’s payload', () => {
  const t = tensorBytes({ name: 'p', dims: [1], dataType: DT.FLOAT, floatData: [3] });
  const field = Uint8Array.from([0x2a, t.length, ...t]);
  expect(Array.from(payloadOf(field))).toEqual(Array.from(t));
});
