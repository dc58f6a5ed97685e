// Constants Vite writes into the worker bundle (vite.config.ts `define`).

/** Bytes of each onnxruntime-web build's wasm as the build ships it, keyed by build name. */
declare const __ORT_WASM_BYTES__: Readonly<Record<string, number>>;
