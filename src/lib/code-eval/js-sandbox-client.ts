// The JavaScript and TypeScript sandboxes (main thread): a sandbox frame (sandbox-frame-client.ts) running each
// program in a fresh QuickJS interpreter, TypeScript after sucrase erases its types in that interpreter's worker. This
// side fetches QuickJS's wasm (a build asset on our own origin) and hands it over; the frame compiles it once. See
// docs/sandbox.md.
import quickjsWasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import type { FromFrame, JsSandboxInfo, QuickJsDialect, ToFrame } from '../../shared/contracts/sandbox.ts';
import { CALIBRATION_RUNS, JS_CALIBRATION_PROGRAM, JS_REFERENCE_CALIBRATION_MS } from '../../bench/code-eval/time-limit.ts';
import { SPARES, WasmFrameSandbox } from './sandbox-frame-client.ts';

export class JsSandbox extends WasmFrameSandbox<JsSandboxInfo> {
  protected readonly label = { title: 'JavaScript sandbox', testid: 'js-sandbox-frame' };
  /** The language this sandbox's frame runs: JavaScript as written, or TypeScript after type erasure. */
  protected readonly dialect: QuickJsDialect = 'javascript';
  protected readonly wasm = { url: quickjsWasmUrl, runtime: 'QuickJS' };
  protected readonly calibrationProgram = {
    program: JS_CALIBRATION_PROGRAM,
    referenceMs: JS_REFERENCE_CALIBRATION_MS,
    runs: CALIBRATION_RUNS,
  };

  protected initMessage(wasm: ArrayBuffer): ToFrame {
    return { type: 'init-quickjs', wasm, spares: SPARES, dialect: this.dialect };
  }

  protected readyInfo(m: FromFrame): JsSandboxInfo | null {
    return m.type === 'ready-quickjs' ? m.info : null;
  }
}

/** TypeScript: the same QuickJS sandbox, each program's types erased by sucrase inside its own interpreter worker. */
export class TsSandbox extends JsSandbox {
  protected override readonly label = { title: 'TypeScript sandbox', testid: 'ts-sandbox-frame' };
  protected override readonly dialect: QuickJsDialect = 'typescript';
}
