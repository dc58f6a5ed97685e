// WebAssembly threads as a browser really gives them (any thread): cross-origin isolation is not enough, since
// WebKit is isolated yet has no SharedArrayBuffer; onnxruntime-web then falls back to one thread on its own
// (lib/wasm/wasm-factory.ts, isMultiThreadSupported: a SharedArrayBuffer posted over a MessageChannel and a shared
// memory module validated). This makes that same test by creating shared WebAssembly memory and posting its buffer.

type SharedMemoryConstructor = new (d: { initial: number; maximum: number; shared: boolean }) => {
  buffer: ArrayBuffer | SharedArrayBuffer;
};

/** Whether this thread can create shared WebAssembly memory and hand its buffer to another thread. */
export function canShareWasmMemory(): boolean {
  // Read off globalThis: every thread has it, and Node's types declare WebAssembly as types only.
  const wasm = (globalThis as { WebAssembly?: { Memory: SharedMemoryConstructor } }).WebAssembly;
  if (typeof SharedArrayBuffer === 'undefined' || !wasm) return false;
  try {
    const memory = new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return false;
    const channel = new MessageChannel();
    channel.port1.postMessage(memory.buffer);
    channel.port1.close();
    channel.port2.close();
    return true;
  } catch {
    return false;
  }
}

export interface ThreadFacts {
  crossOriginIsolated: boolean;
  /** canShareWasmMemory() in the thread that runs WebAssembly. */
  sharedMemory: boolean;
}

/** The WebAssembly threads `wanted` becomes: all of them with isolation and shared memory, else one. */
export function threadsObtained(f: ThreadFacts, wanted: number): number {
  return f.crossOriginIsolated && f.sharedMemory ? Math.max(1, wanted) : 1;
}

/** Why WebAssembly runs on one thread here, in words (null when threads are available). */
export function oneThreadReason(f: ThreadFacts): string | null {
  if (!f.crossOriginIsolated) return 'the page is not cross-origin isolated, so threads are unavailable';
  if (!f.sharedMemory)
    return 'this browser cannot share WebAssembly memory between threads (no SharedArrayBuffer), although the page is cross-origin isolated';
  return null;
}
