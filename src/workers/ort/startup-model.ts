// The smallest model onnxruntime-web can open (inference worker): y = Identity(x) over one float. Opening it first
// times the runtime's one-time start-up (wasm compile, thread pool, GPU device) apart from a real model's session.
import { concat, lengthField, varintField } from '../onnx/protobuf.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** ValueInfoProto: a float tensor of shape [1]. */
function floatOne(name: string): Uint8Array {
  const shape = lengthField(1, varintField(1, 1)); // TensorShapeProto.dim { dim_value: 1 }
  const tensorType = concat([varintField(1, 1), lengthField(2, shape)]); // elem_type FLOAT, shape
  return concat([lengthField(1, text(name)), lengthField(2, lengthField(1, tensorType))]);
}

export const STARTUP_MODEL: Uint8Array = (() => {
  const node = concat([lengthField(1, text('x')), lengthField(2, text('y')), lengthField(4, text('Identity'))]);
  const graph = concat([
    lengthField(1, node),
    lengthField(2, text('tierlab_startup')),
    lengthField(11, floatOne('x')),
    lengthField(12, floatOne('y')),
  ]);
  const opset = concat([lengthField(1, new Uint8Array()), varintField(2, 13)]);
  return concat([varintField(1, 8), lengthField(7, graph), lengthField(8, opset)]);
})();
