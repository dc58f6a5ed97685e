// Endurance mode's recorder (main thread): holds a screen wake lock, watches visibility, reads the battery (Battery
// Status API, main thread only) and Compute Pressure while the worker runs, and stamps each window with them. Losing
// the wake lock or the tab's visibility ends the series.
import { batteryUnusable } from '../../bench/energy/drain.ts';
import { worstPressure } from '../../bench/energy/endurance.ts';
import type { EnduranceWindowRaw } from '../../shared/contracts/benchmark.ts';
import type { EnergySection, PressureState } from '../../shared/energy-result.ts';
import type { EnduranceRecording } from '../core/energy-builder.ts';

interface BatteryManagerLike extends EventTarget {
  level: number;
  charging: boolean;
}
interface PressureRecordLike {
  state: PressureState;
}
interface PressureObserverLike {
  observe(source: 'cpu', options?: { sampleInterval?: number }): Promise<void>;
  disconnect(): void;
}
type PressureObserverCtor = new (cb: (records: PressureRecordLike[]) => void) => PressureObserverLike;
interface WakeLockSentinelLike extends EventTarget {
  released: boolean;
  release(): Promise<void>;
}

/** The longest wait for the battery's next 1% step before the load starts anyway (not on a step). */
export const LEVEL_CHANGE_WAIT_MS = 5 * 60_000;

export class EnduranceRecorder {
  #t0 = 0;
  #battery: BatteryManagerLike | null = null;
  #observer: PressureObserverLike | null = null;
  #lock: WakeLockSentinelLike | null = null;
  #samples: EnergySection['batterySamples'] = [];
  #pressure: EnergySection['pressureSamples'] = [];
  #windows: EnergySection['windows'] = [];
  #pressureSince: (PressureState | null)[] = [];
  #wakeLock: EnergySection['wakeLock'] = 'unavailable';
  #ended: EnergySection['ended'] = 'complete';
  #unusable: string | null = null;
  #startedOnLevelChange = false;
  #released = false;
  #onLevel = () => this.#sample();
  #onVisibility = () => {
    if (document.hidden && this.#ended === 'complete') this.#ended = 'hidden';
  };

  constructor(private readonly status: (label: string) => void) {}

  /** Takes the wake lock, starts the battery and pressure readings, and waits for a battery step when it can. */
  async start(): Promise<void> {
    this.#t0 = performance.now();
    document.addEventListener('visibilitychange', this.#onVisibility);
    try {
      const lock =
        (await (
          navigator as Navigator & { wakeLock?: { request(t: 'screen'): Promise<WakeLockSentinelLike> } }
        ).wakeLock?.request('screen')) ?? null;
      if (lock && this.#released) await lock.release().catch(() => {});
      else if (lock) {
        this.#lock = lock;
        this.#wakeLock = 'held';
        lock.addEventListener('release', () => {
          this.#wakeLock = 'lost';
          if (this.#ended === 'complete') this.#ended = 'wake-lock-lost';
        });
      }
    } catch {
      this.#wakeLock = 'unavailable';
    }
    const getBattery = (navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike> }).getBattery;
    this.#battery = getBattery ? await getBattery.call(navigator).catch(() => null) : null;
    const Observer = (globalThis as { PressureObserver?: PressureObserverCtor }).PressureObserver;
    if (Observer) {
      const observer = new Observer((records) => {
        for (const r of records) {
          this.#pressure.push({ tMs: this.#now(), state: r.state });
          this.#pressureSince.push(r.state);
        }
      });
      await observer.observe('cpu', { sampleInterval: 1000 }).then(
        () => (this.#released ? observer.disconnect() : (this.#observer = observer)),
        () => observer.disconnect(),
      );
    }
    this.#unusable = batteryUnusable(this.#battery ? { level: this.#battery.level, charging: this.#battery.charging } : null);
    if (this.#battery && !this.#unusable) {
      this.status("Waiting for the battery's next 1% step, so the measurement starts on one…");
      this.#startedOnLevelChange = await this.#nextLevelChange(this.#battery);
      // A run cancelled while this waited has released everything: attach nothing more.
      if (this.#released) return;
      this.#battery.addEventListener('levelchange', this.#onLevel);
      this.#battery.addEventListener('chargingchange', this.#onLevel);
    }
    // The series' clock starts now: the worker starts its own when this resolves (one message later).
    this.#t0 = performance.now();
    this.#samples = [];
    this.#sample(0);
  }

  #now(): number {
    return Math.max(0, performance.now() - this.#t0);
  }

  /** Records the battery now (or at `tMs`: 0 for the reading the series starts from). */
  #sample(tMs: number = this.#now()): void {
    const b = this.#battery;
    if (b) this.#samples.push({ tMs, level: Math.round(b.level * 100) / 100, charging: b.charging });
  }

  #nextLevelChange(b: BatteryManagerLike): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (stepped: boolean) => {
        b.removeEventListener('levelchange', onChange);
        clearTimeout(timer);
        resolve(stepped);
      };
      const onChange = () => done(true);
      const timer = setTimeout(() => done(false), LEVEL_CHANGE_WAIT_MS);
      b.addEventListener('levelchange', onChange);
    });
  }

  /** Stamps a finished window; answers whether the series must end (tab hidden, wake lock lost). */
  window(w: EnduranceWindowRaw): boolean {
    const b = this.#battery;
    const last = this.#pressure.at(-1)?.state ?? null;
    this.#windows.push({
      ...w,
      pressure: worstPressure([...this.#pressureSince, last]),
      battery: b && !this.#unusable ? { level: Math.round(b.level * 100) / 100, charging: b.charging } : null,
    });
    this.#pressureSince = [];
    return this.#ended !== 'complete';
  }

  /** Lets go of the wake lock, the battery and pressure listeners and the visibility watch; safe to call twice, and
   *  called when a run fails or is cancelled mid-series so nothing outlives it. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#battery?.removeEventListener('levelchange', this.#onLevel);
    this.#battery?.removeEventListener('chargingchange', this.#onLevel);
    this.#observer?.disconnect();
    if (this.#lock && !this.#lock.released) await this.#lock.release().catch(() => {});
  }

  /** Releases everything; the recording, `stopped` when the series ended early for another reason. */
  async finish(endedEarly: boolean, wattHours: EnduranceRecording['wattHours']): Promise<EnduranceRecording> {
    this.#sample();
    const ended = endedEarly && this.#ended === 'complete' ? 'stopped' : this.#ended;
    const wakeLock = this.#wakeLock;
    await this.release();
    return {
      windows: this.#windows,
      batterySamples: this.#samples,
      pressureSamples: this.#pressure,
      wakeLock,
      ended,
      batteryUnusable: this.#unusable,
      wattHours,
      startedOnLevelChange: this.#startedOnLevelChange,
    };
  }
}
