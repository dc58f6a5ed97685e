import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DT, GraphBuilder } from '../../../models/fixtures/onnx-graph.ts';
import { toFp16 } from '../operators/fp16.ts';
import { usesFloat16 } from './float16.ts';

const mirror = path.resolve(import.meta.dirname, '../../../models/mirror');
const read = async (file: string) => new Uint8Array(await readFile(path.join(mirror, file)));

/** A graph reading `from` (its own input `x`, or an outer name for a branch) through one Cast per type in `casts`; its
 *  output `<name>_out` has the last type. */
function castChain(name: string, inType: number, casts: number[], from?: string): GraphBuilder {
  const g = new GraphBuilder(name);
  let t = from ?? g.input('x', inType, ['batch', 4]);
  for (const to of casts) t = g.node('Cast', [t], { to });
  g.node('Identity', [t], {}, `${name}_out`);
  g.output(`${name}_out`, casts.at(-1) ?? inType, ['batch', 4]);
  return g;
}

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

  it('finds a float16 graph input, and a Cast to float16 that only an If branch makes', () => {
    expect(usesFloat16(castChain('half-input', DT.FLOAT16, [DT.FLOAT]).encode('float16 input'))).toBe(true);

    // The branch goes to float16 and back: no declared type says float16, only the Cast's `to` does.
    const g = new GraphBuilder('half-branch');
    const x = g.input('x', DT.FLOAT, ['batch', 4]);
    const branch = (name: string, casts: number[]) => castChain(name, DT.FLOAT, casts, x).graphProto();
    const cond = g.node('Cast', [g.init('cond', [], Uint8Array.of(1))], { to: DT.BOOL });
    const branches = {
      then_branch: { graph: branch('then', [DT.FLOAT16, DT.FLOAT]) },
      else_branch: { graph: branch('else', []) },
    };
    g.node('If', [cond], branches, 'z');
    g.output('z', DT.FLOAT, ['batch', 4]);
    expect(usesFloat16(g.encode('float16 in a branch'))).toBe(true);
    const plain = new GraphBuilder('plain-branch');
    const plainCond = plain.node('Cast', [plain.init('cond', [], Uint8Array.of(1))], { to: DT.BOOL });
    plain.node(
      'If',
      [plainCond],
      { then_branch: { graph: branch('then', [DT.INT32, DT.FLOAT]) }, else_branch: branches.else_branch },
      'z',
    );
    expect(usesFloat16(plain.encode('no float16'))).toBe(false);
  });

  it('is false for a Cast to another type and for bytes that are not a model', () => {
    expect(usesFloat16(castChain('int-cast', DT.FLOAT, [DT.INT32]).encode('cast to int32'))).toBe(false);
    expect(usesFloat16(new Uint8Array(0))).toBe(false);
  });
});
