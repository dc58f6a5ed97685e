import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DT, GraphBuilder } from '../../../models/fixtures/onnx-graph.ts';
import { toFp16 } from '../operators/fp16.ts';
import { usesFloat16 } from './float16.ts';

const mirror = path.resolve(import.meta.dirname, '../../../models/mirror');
const read = async (file: string) => new Uint8Array(await readFile(path.join(mirror, file)));

describe('usesFloat16', () => {
  it('is false for every fixture model: fp32, int8, q8 and q4 (float32 scales) encoders and decoders', async () => {
    for (const repo of ['tiny-code-encoder', 'tiny-code-encoder-student', 'tiny-code-decoder']) {
      const dir = path.join('tierlab', repo, 'onnx');
      for (const file of await readdir(path.join(mirror, dir)))
        if (file.endsWith('.onnx')) expect(usesFloat16(await read(path.join(dir, file))), file).toBe(false);
    }
  });

  it('is true only for the odd export that computes between two Casts to and from float16', async () => {
    const dir = 'tierlab-tests/odd';
    const half = [];
    for (const file of await readdir(path.join(mirror, dir))) if (usesFloat16(await read(path.join(dir, file)))) half.push(file);
    expect(half).toEqual(['half-precision.onnx']);
  });

  it("is true for the lab's fp16 variant, whose weights are float16 initializers", async () => {
    const fp32 = await read('tierlab-tests/odd/post-norm-ln17.onnx');
    expect(usesFloat16(fp32)).toBe(false);
    expect(usesFloat16(toFp16(fp32).bytes)).toBe(true);
  });

  it('finds a float16 graph input, and a Cast to float16 inside an If branch', () => {
    const input = new GraphBuilder('half-input');
    const x = input.input('x', DT.FLOAT16, ['batch', 4]);
    input.node('Cast', [x], { to: DT.FLOAT }, 'y');
    input.output('y', DT.FLOAT, ['batch', 4]);
    expect(usesFloat16(input.encode('float16 input'))).toBe(true);

    const g = new GraphBuilder('half-branch');
    const y = g.input('x', DT.FLOAT, ['batch', 4]);
    const then = new GraphBuilder('then_branch');
    then.node('Cast', [g.node('Cast', [y], { to: DT.INT32 })], { to: DT.FLOAT16 }, 'then_out');
    then.output('then_out', DT.FLOAT16, ['batch', 4]);
    const otherwise = new GraphBuilder('else_branch');
    otherwise.node('Identity', [y], {}, 'else_out');
    otherwise.output('else_out', DT.FLOAT, ['batch', 4]);
    const cond = g.node('Cast', [g.init('cond', [], Uint8Array.of(1))], { to: DT.BOOL });
    g.node('If', [cond], { then_branch: { graph: then.graphProto() }, else_branch: { graph: otherwise.graphProto() } }, 'z');
    g.output('z', DT.FLOAT, ['batch', 4]);
    expect(usesFloat16(g.encode('float16 in a branch'))).toBe(true);
  });

  it('is false for a Cast to another type and for bytes that are not a model', () => {
    const g = new GraphBuilder('int-cast');
    const x = g.input('x', DT.FLOAT, ['batch', 4]);
    g.node('Cast', [x], { to: DT.INT32 }, 'y');
    g.output('y', DT.INT32, ['batch', 4]);
    expect(usesFloat16(g.encode('cast to int32'))).toBe(false);
    expect(usesFloat16(new Uint8Array(0))).toBe(false);
  });
});
