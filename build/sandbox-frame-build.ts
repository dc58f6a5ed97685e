// Builds the sandbox frame (Node, Vite plugin): the interpreter workers (Python, JavaScript, TypeScript, Lua) and the frame script are bundled by a
// nested Vite build into one self-contained page, dist/sandbox/frame.html, that fetches nothing. Dev and preview
// serve it with its Content-Security-Policy header.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { build, type Plugin } from 'vite';
import { FRAME_ISOLATION_HEADERS } from '../server/isolation.ts';
import { FRAME_PATH, frameCspHeader, framePage } from '../server/sandbox-frame.ts';

const root = path.resolve(import.meta.dirname, '..');
const WORKER_ENTRY = path.join(root, 'src/workers/sandbox/python-interpreter.worker.ts');
const JS_WORKER_ENTRY = path.join(root, 'src/workers/sandbox/js-interpreter.worker.ts');
const TS_WORKER_ENTRY = path.join(root, 'src/workers/sandbox/ts-interpreter.worker.ts');
const LUA_WORKER_ENTRY = path.join(root, 'src/workers/sandbox/lua-interpreter.worker.ts');
const FRAME_ENTRY = path.join(root, 'src/sandbox-frame/frame.ts');
const VIRTUAL = 'virtual:tierlab-interpreter-worker';

/** One entry bundled into a single classic script (IIFE), as code. */
async function bundle(entry: string, plugins: Plugin[] = []): Promise<string> {
  const out = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins,
    // Emscripten's loader (QuickJS) reads import.meta.url only to find its wasm file, which it is never asked to do:
    // the frame hands every interpreter the module it compiled. A classic script has no import.meta.
    define: { 'import.meta.url': 'undefined' },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['iife'], name: 'tierlabSandbox' },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output?: { type: string; code?: string }[] }[];
  const chunk = outputs.flatMap((o) => o.output ?? []).find((c) => c.type === 'chunk');
  if (!chunk?.code) throw new Error(`bundling ${entry} gave no code`);
  return chunk.code;
}

/** The frame's page: the interpreter workers' code inside the frame script, inside one HTML page. */
export async function buildFramePage(): Promise<string> {
  const [workerCode, jsWorkerCode, tsWorkerCode, luaWorkerCode] = [
    await bundle(WORKER_ENTRY),
    await bundle(JS_WORKER_ENTRY),
    await bundle(TS_WORKER_ENTRY),
    await bundle(LUA_WORKER_ENTRY),
  ];
  const frameCode = await bundle(FRAME_ENTRY, [
    {
      name: 'tierlab-interpreter-worker-code',
      resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
      load: (id) =>
        id === `\0${VIRTUAL}`
          ? `export const INTERPRETER_WORKER_CODE = ${JSON.stringify(workerCode)};\n` +
            `export const JS_INTERPRETER_WORKER_CODE = ${JSON.stringify(jsWorkerCode)};\n` +
            `export const TS_INTERPRETER_WORKER_CODE = ${JSON.stringify(tsWorkerCode)};\n` +
            `export const LUA_INTERPRETER_WORKER_CODE = ${JSON.stringify(luaWorkerCode)};`
          : null,
    },
  ]);
  return framePage(frameCode);
}

function frameMiddleware(page: () => Promise<string>) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (new URL(req.url ?? '/', 'http://local').pathname !== `/${FRAME_PATH}`) return next();
    page().then(
      (html) => {
        for (const [k, v] of Object.entries(FRAME_ISOLATION_HEADERS)) res.setHeader(k, v);
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Content-Security-Policy', frameCspHeader(html));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(html);
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      },
    );
  };
}

export function sandboxFrame(): Plugin {
  let outDir = 'dist';
  let devPage: Promise<string> | null = null;
  return {
    name: 'tierlab-sandbox-frame',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(frameMiddleware(() => (devPage ??= buildFramePage())));
    },
    configurePreviewServer(server) {
      server.middlewares.use(frameMiddleware(async () => readFileSync(path.join(outDir, FRAME_PATH), 'utf8')));
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: FRAME_PATH, source: await buildFramePage() });
    },
  };
}
