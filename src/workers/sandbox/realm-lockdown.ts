// Takes from an interpreter worker's realm what no program may have (interpreter workers, before anything runs):
// the GPU, nested workers, channels to other programs' workers, and WebKit's Cache API. Each is deleted from the
// global object and every prototype above it (and `gpu` from the navigator's), so no route through a prototype
// finds it again. The frame's policy and opaque origin still stand behind this for the network.

/**
 * caches: WebKit gives the opaque-origin worker a Cache API store of its own, shared by every program the frame runs.
 * BroadcastChannel: a dead program's messages reached the next program's interpreter (same opaque origin).
 * Worker, SharedWorker: a nested worker would start with a full realm again (GPU and channels included).
 * OffscreenCanvas, WebGL, WebGPU: GPU work queued by one program kept the GPU process busy seconds after it ended and
 * slowed the next program and the next time calibration.
 */
export const TAKEN_FROM_PROGRAMS = [
  'caches',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'OffscreenCanvas',
  'OffscreenCanvasRenderingContext2D',
  'ImageBitmapRenderingContext',
  'WebGLRenderingContext',
  'WebGL2RenderingContext',
  'GPU',
  'GPUAdapter',
  'GPUDevice',
  'GPUCanvasContext',
] as const;

function deleteAlongChain(start: object | null, name: string): void {
  for (let o = start; o; o = Object.getPrototypeOf(o) as object | null) Reflect.deleteProperty(o, name);
}

/** Deletes every TAKEN_FROM_PROGRAMS name from `scope` and its prototypes, and `gpu` from its navigator's. Returns
 *  the names still reachable afterwards (none where every property was configurable, as WebIDL makes them). */
export function lockDownRealm(scope: object = globalThis): string[] {
  const g = scope as Record<string, unknown>;
  const nav = g.navigator as object | undefined;
  for (const name of TAKEN_FROM_PROGRAMS) deleteAlongChain(scope, name);
  if (nav) deleteAlongChain(nav, 'gpu');
  const left: string[] = TAKEN_FROM_PROGRAMS.filter((n) => n in scope);
  if (nav && 'gpu' in nav) left.push('navigator.gpu');
  return left;
}
