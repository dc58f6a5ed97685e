// The JavaScript and TypeScript sandboxes (main thread): a sandbox frame (sandbox-frame-client.ts) running each
// program in a fresh QuickJS interpreter. This side fetches QuickJS's wasm (a build asset on our own origin) and hands it over; the
// frame compiles it once. See docs/sandbox.md.
import quickjsWasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { SandboxError } from '../../shared/errors.ts';
import type { JsSandboxInfo, QuickJsDialect } from '../../shared/contracts/sandbox.ts';
import { CALIBRATION_RUNS, JS_CALIBRATION_PROGRAM, JS_REFERENCE_CALIBRATION_MS } from '../../bench/code-eval/time-limit.ts';
import { FrameSandbox, INIT_MS, SPARES, type FrameStart } from './sandbox-frame-client.ts';

export class JsSandbox extends FrameSandbox<JsSandboxInfo> {
  protected readonly label = { title: 'JavaScript sandbox', testid: 'js-sandbox-frame' };
  /** The language this sandbox's frame runs: JavaScript as written, or TypeScript after type erasure. */
  protected readonly dialect: QuickJsDialect = 'javascript';
  protected readonly calibrationProgram = {
    program: JS_CALIBRATION_PROGRAM,
    referenceMs: JS_REFERENCE_CALIBRATION_MS,
    runs: CALIBRATION_RUNS,
  };

  protected async fetchFiles(): Promise<ArrayBuffer> {
    const r = await fetch(quickjsWasmUrl).catch((err: unknown) => {
      throw new SandboxError(`could not load QuickJS from this site: ${(err as Error).message}`);
    });
    if (!r.ok) throw new SandboxError(`could not load QuickJS from this site: HTTP ${r.status}`);
    return r.arrayBuffer();
  }

  protected async init(files: unknown, start: FrameStart): Promise<JsSandboxInfo> {
    const wasm = files as ArrayBuffer;
    const ready = start.expect((m) => m.type === 'ready-quickjs' || m.type === 'failed', INIT_MS, 'the sandbox did not start');
    start.post({ type: 'init-quickjs', wasm, spares: SPARES, dialect: this.dialect }, [wasm]);
    const m = await ready;
    if (m.type !== 'ready-quickjs')
      throw new SandboxError(`the ${this.label.title} did not start: ${m.type === 'failed' ? m.message : m.type}`);
    return m.info;
  }
}

/** TypeScript: the same QuickJS sandbox, each program's types erased by sucrase inside its own interpreter worker. */
export class TsSandbox extends JsSandbox {
  protected override readonly label = { title: 'TypeScript sandbox', testid: 'ts-sandbox-frame' };
  protected override readonly dialect: QuickJsDialect = 'typescript';
}
