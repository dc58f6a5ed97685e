// Response headers that make pages cross-origin isolated (Node): WASM threads and 5 µs timers need them on every response.

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The frame page's isolation headers: the same, but a resource policy any origin passes, and a Document-Isolation-Policy
 * that gives the frame a process of its own in Chromium (from 137) even where sandboxed frames are not isolated, so a
 * program that fills its worker's JavaScript heap ends the frame's process, not the app's (docs/sandbox.md). The frame is sandboxed
 * (an opaque origin), and Firefox checks `same-origin` against that opaque origin, so the app's own frame was blocked
 * ("the sandbox frame did not load within 30 s"). The page holds nothing secret: it is the app's own build.
 */
export const FRAME_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.onnx': 'application/octet-stream',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};
