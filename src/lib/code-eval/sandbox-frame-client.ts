// Main-thread bridge to one sandbox frame: a hidden iframe sandboxed without allow-same-origin (an opaque origin,
// its own Content-Security-Policy: no network at all) that runs each program in a fresh interpreter of one language.
// This side believes only messages from that frame that parse, answers each program id once, and takes a frame
// that stops answering for broken. While a program runs it pings the frame every second: a frame whose process died
// (a program filled its worker's JavaScript heap; the browser keeps the frame in a process of its own, so the app
// lives on) answers no more, and that program's outcome is `crash`; the next program gets a new frame. The language's
// files and its time calibration are the subclass's.
import { SandboxError } from '../../shared/errors.ts';
import { parseFromFrame, type FromFrame, type SandboxRun, type ToFrame } from '../../shared/contracts/sandbox.ts';
import { scaleTimeLimit, type TimeCalibration } from '../../bench/code-eval/time-limit.ts';

const base = new URL(import.meta.env.BASE_URL, window.location.href);
/** The sandbox frame's page (built by build/sandbox-frame-build.ts, served with its CSP). */
export const FRAME_URL = new URL('sandbox/frame.html', base).href;

const FRAME_LOAD_MS = 30_000;
export const INIT_MS = 180_000;
/** How long past a program's limit the frame may take to answer before it is taken for dead. */
const GRACE_MS = 15_000;
export const SPARES = 2;
/** How often the frame is pinged while a program runs, and how long it may stay silent before it is taken for dead. */
export const HEARTBEAT_MS = 1000;
export const FRAME_DEAD_MS = 8000;

interface Pending {
  resolve: (r: SandboxRun) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  started: number;
}

/** What a program whose frame died gets: its own crash, not the session's error. */
export function frameDiedRun(ms: number): SandboxRun {
  return {
    outcome: 'crash',
    errorType: 'FrameDied',
    message: `the sandbox frame stopped answering its heartbeat for ${FRAME_DEAD_MS / 1000} s while this program ran (its process ended, e.g. out of JavaScript memory); the next program gets a new frame`,
    stdout: '',
    ms,
  };
}

/** What a subclass gets to start its frame: post a message, and wait for the frame's next matching one. */
export interface FrameStart {
  post: (m: ToFrame, transfer?: Transferable[]) => void;
  expect: (match: (m: FromFrame) => boolean, ms: number, what: string) => Promise<FromFrame>;
}

export abstract class FrameSandbox<Info> {
  /** Fresh interpreters started so far, in every frame this sandbox has had (one per program, plus the spares booted
   *  ahead). */
  interpreters = 0;
  /** Those started in earlier frames (a frame whose process died, or one stopped). */
  private startedBefore = 0;
  private frame: HTMLIFrameElement | null = null;
  private info: Promise<Info> | null = null;
  private calibration: Promise<TimeCalibration> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private pingSeq = 0;
  /** The unanswered ping, if any: its number and when it was sent. */
  private unanswered: { seq: number; at: number } | null = null;
  private onFrameMessage: ((m: FromFrame) => void) | null = null;
  private readonly listener = (e: MessageEvent) => {
    // Only the frame we made, and only messages that parse; anything else is ignored.
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    const m = parseFromFrame(e.data);
    if (m) this.onFrameMessage?.(m);
  };

  /** The frame's title and test id (one per language). */
  protected abstract readonly label: { title: string; testid: string };
  /** Fetches the language's files (from our own origin) while the frame loads. */
  protected abstract fetchFiles(): Promise<unknown>;
  /** Hands the files to a frame that said hello; resolves with its ready info. */
  protected abstract init(files: unknown, start: FrameStart): Promise<Info>;
  /** The calibration program (passes, and takes long enough to time) and its time at the reference speed, ms. */
  protected abstract readonly calibrationProgram: { program: string; referenceMs: number; runs: number };

  /** Creates the frame and sets the interpreters up, once; later calls wait for the same start. */
  ready(): Promise<Info> {
    this.info ??= this.start().catch((err: unknown) => {
      this.terminate();
      throw err;
    });
    return this.info;
  }

  private async start(): Promise<Info> {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.title = this.label.title;
    frame.hidden = true;
    frame.dataset.testid = this.label.testid;
    this.frame = frame;
    window.addEventListener('message', this.listener);
    const start: FrameStart = { post: (m, t) => this.post(m, t), expect: (match, ms, what) => this.expect(match, ms, what) };
    const hello = this.expect((m) => m.type === 'hello', FRAME_LOAD_MS, 'the sandbox frame did not load');
    frame.src = FRAME_URL;
    document.body.append(frame);
    const files = await this.fetchFiles();
    await hello;
    const info = await this.init(files, start);
    this.onFrameMessage = (msg) => this.onMessage(msg);
    this.interpreters = this.startedBefore + SPARES;
    return info;
  }

  /** The next frame message that `match`es, within `ms`. */
  private expect(match: (m: FromFrame) => boolean, ms: number, what: string): Promise<FromFrame> {
    return new Promise<FromFrame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SandboxError(`${what} within ${ms / 1000} s`)), ms);
      this.onFrameMessage = (m) => {
        if (!match(m)) return;
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  private post(m: ToFrame, transfer: Transferable[] = []): void {
    // The frame is an opaque origin, so there is no origin to name; the message goes to our own frame element only.
    this.frame?.contentWindow?.postMessage(m, '*', transfer);
  }

  private onMessage(m: FromFrame): void {
    if (m.type === 'pong') {
      if (this.unanswered && m.seq >= this.unanswered.seq) this.unanswered = null;
    } else if (m.type === 'result') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      this.interpreters = this.startedBefore + m.interpreters;
      p.resolve(m.run);
    } else if (m.type === 'failed') this.terminate(new SandboxError(`the sandbox broke: ${m.message}`));
  }

  /** Runs `program` in a fresh interpreter; past `timeoutMs` it is stopped and the outcome is 'timeout'.
   *  outputFails: any output fails the program (HumanEval-X's JavaScript harness). */
  async run(program: string, timeoutMs: number, quiet = false, outputFails = false): Promise<SandboxRun> {
    await this.ready();
    const id = this.nextId++;
    return new Promise<SandboxRun>((resolve, reject) => {
      const timer = setTimeout(
        () => this.terminate(new SandboxError('the sandbox frame stopped answering')),
        timeoutMs + GRACE_MS,
      );
      this.pending.set(id, { resolve, reject, timer, started: performance.now() });
      this.heartbeat ??= setInterval(() => this.beat(), HEARTBEAT_MS);
      this.post({ type: 'run', id, program, timeoutMs, quiet, outputFails });
    });
  }

  /** Pings the frame while programs wait; a frame that leaves a ping unanswered for FRAME_DEAD_MS died, and its
   *  programs crashed. (Only an unanswered ping counts: a background tab's timers may fire once a minute.) */
  private beat(): void {
    if (this.pending.size === 0) {
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      this.unanswered = null;
      return;
    }
    const now = performance.now();
    if (!this.unanswered) {
      this.unanswered = { seq: ++this.pingSeq, at: now };
      this.post({ type: 'ping', seq: this.unanswered.seq });
      return;
    }
    if (now - this.unanswered.at <= FRAME_DEAD_MS) return;
    const died = [...this.pending.values()];
    this.pending.clear();
    // A new frame for the next program; this device's calibration stays (the device did not change).
    const calibration = this.calibration;
    this.terminate();
    this.calibration = calibration;
    for (const p of died) {
      clearTimeout(p.timer);
      p.resolve(frameDiedRun(now - p.started));
    }
  }

  /** Measures this device's speed in this language once per sandbox and scales the reference limit to it. */
  calibrate(referenceLimitS?: number): Promise<TimeCalibration> {
    this.calibration ??= this.timeCalibrationRuns()
      .then((runs) => scaleTimeLimit(runs, undefined, this.calibrationProgram.referenceMs))
      .catch((err: unknown) => {
        this.calibration = null;
        throw err;
      });
    return this.calibration.then((c) =>
      referenceLimitS === undefined ? c : scaleTimeLimit(c.runsMs, referenceLimitS, c.referenceMs),
    );
  }

  /** Runs the calibration program again (after a set's programs), each in a fresh interpreter with nothing booting
   *  beside it; its times, ms. The limit stays the one calibrate() gave. */
  recheck(): Promise<number[]> {
    return this.timeCalibrationRuns();
  }

  private async timeCalibrationRuns(): Promise<number[]> {
    const { program, runs: count } = this.calibrationProgram;
    const runs: number[] = [];
    for (let i = 0; i < count; i++) {
      const r = await this.run(program, 120_000, true);
      if (r.outcome !== 'pass') throw new SandboxError(`the calibration program did not pass (${r.outcome}: ${r.message ?? ''})`);
      runs.push(r.ms);
    }
    return runs;
  }

  /** Removes the frame and every interpreter in it (programs still waiting fail with `reason`); the next call starts
   *  afresh. */
  terminate(reason: Error = new SandboxError('the sandbox was stopped')): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      clearTimeout(p.timer);
      p.reject(reason);
    }
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.unanswered = null;
    window.removeEventListener('message', this.listener);
    if (this.frame) this.startedBefore = this.interpreters;
    this.frame?.remove();
    this.frame = null;
    this.info = null;
    this.calibration = null;
    this.onFrameMessage = null;
  }
}

/**
 * A frame whose runtime is one wasm file on our own origin (QuickJS, wasmoon): fetched here, transferred to the frame
 * in the runtime's init message, compiled there once.
 */
export abstract class WasmFrameSandbox<Info> extends FrameSandbox<Info> {
  /** The wasm file's URL, and the runtime's name for errors. */
  protected abstract readonly wasm: { url: string; runtime: string };
  /** The frame's init message for these wasm bytes. */
  protected abstract initMessage(wasm: ArrayBuffer): ToFrame;
  /** The info in the frame's ready message for this runtime, or null for any other message. */
  protected abstract readyInfo(m: FromFrame): Info | null;

  protected async fetchFiles(): Promise<ArrayBuffer> {
    const what = `could not load ${this.wasm.runtime} from this site`;
    const r = await fetch(this.wasm.url).catch((err: unknown) => {
      throw new SandboxError(`${what}: ${(err as Error).message}`);
    });
    if (!r.ok) throw new SandboxError(`${what}: HTTP ${r.status}`);
    return r.arrayBuffer();
  }

  protected async init(files: unknown, start: FrameStart): Promise<Info> {
    const wasm = files as ArrayBuffer;
    const ready = start.expect((m) => this.readyInfo(m) !== null || m.type === 'failed', INIT_MS, 'the sandbox did not start');
    start.post(this.initMessage(wasm), [wasm]);
    const m = await ready;
    const info = this.readyInfo(m);
    if (info === null)
      throw new SandboxError(`the ${this.label.title} did not start: ${m.type === 'failed' ? m.message : m.type}`);
    return info;
  }
}
