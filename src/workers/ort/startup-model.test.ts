// The start-up model is a valid ONNX model: onnxruntime-node opens it and passes its one value through.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { STARTUP_MODEL } from './startup-model.ts';

describe('STARTUP_MODEL', () => {
  it('opens and runs as y = x', async () => {
    const session = await ort.InferenceSession.create(STARTUP_MODEL);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([2.5]), [1]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([2.5]);
    expect(STARTUP_MODEL.length).toBeLessThan(200);
    await session.release();
  });
});
