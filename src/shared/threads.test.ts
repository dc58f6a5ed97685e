import { describe, expect, it } from 'vitest';
import { canShareWasmMemory, oneThreadReason, threadsObtained } from './threads.ts';

describe('WebAssembly threads', () => {
  it('are all that was wanted only with isolation and shared memory', () => {
    expect(threadsObtained({ crossOriginIsolated: true, sharedMemory: true }, 4)).toBe(4);
    // WebKit: isolated, but no SharedArrayBuffer; onnxruntime-web falls back to one thread, and so does the record.
    expect(threadsObtained({ crossOriginIsolated: true, sharedMemory: false }, 4)).toBe(1);
    expect(threadsObtained({ crossOriginIsolated: false, sharedMemory: true }, 4)).toBe(1);
    expect(threadsObtained({ crossOriginIsolated: true, sharedMemory: true }, 0)).toBe(1);
  });

  it('say why there is one thread', () => {
    expect(oneThreadReason({ crossOriginIsolated: false, sharedMemory: false })).toMatch(/not cross-origin isolated/);
    expect(oneThreadReason({ crossOriginIsolated: true, sharedMemory: false })).toMatch(/no SharedArrayBuffer/);
    expect(oneThreadReason({ crossOriginIsolated: true, sharedMemory: true })).toBeNull();
  });

  it('are found by creating shared memory: Node has it, and a runtime without SharedArrayBuffer does not', () => {
    expect(canShareWasmMemory()).toBe(true);
    const sab = globalThis.SharedArrayBuffer;
    try {
      // As in WebKit under cross-origin isolation: the constructor is not exposed.
      Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
      expect(canShareWasmMemory()).toBe(false);
    } finally {
      globalThis.SharedArrayBuffer = sab;
    }
  });
});
