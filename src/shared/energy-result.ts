// RunResult's energy section (runs everywhere): what an endurance run recorded — windows, battery readings, Compute
// Pressure states — and the figures computed from them, each labelled measured, derived or modelled. The server
// recomputes every figure from the raw windows and readings (src/bench/energy/verify-energy.ts).
import * as v from 'valibot';

/** Compute Pressure states (the W3C Compute Pressure API), mildest first. */
export const PRESSURE_STATES = ['nominal', 'fair', 'serious', 'critical'] as const;
export type PressureState = (typeof PRESSURE_STATES)[number];

const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const shortText = v.pipe(v.string(), v.maxLength(500));
const level = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** Most windows a run can hold: an hour of 2-second windows, twice (load, then idle). */
export const MAX_WINDOWS = 3600;

export const EnduranceWindowSchema = v.strictObject({
  /** 'A' under load, 'B' what followed (idle, or another batch size). */
  phase: v.picklist(['A', 'B']),
  startMs: nonNegative,
  endMs: nonNegative,
  items: count,
  pressure: v.nullable(v.picklist(PRESSURE_STATES)),
  battery: v.nullable(v.strictObject({ level, charging: v.boolean() })),
});

export const BatterySampleSchema = v.strictObject({ tMs: nonNegative, level, charging: v.boolean() });
export const PressureSampleSchema = v.strictObject({ tMs: nonNegative, state: v.picklist(PRESSURE_STATES) });

const DrainSchema = v.strictObject({
  steps: count,
  hours: nonNegative,
  percentPerHour: nonNegative,
  low: nonNegative,
  high: nonNegative,
  relUncertainty: v.nullable(nonNegative),
  itemsPerPercent: v.nullable(nonNegative),
});

const EnergyFigureSchema = v.strictObject({
  low: nonNegative,
  typical: nonNegative,
  high: nonNegative,
  label: v.picklist(['measured', 'derived', 'modelled']),
  sources: v.pipe(v.array(shortText), v.maxLength(20)),
  rough: v.boolean(),
});

export const EnergySectionSchema = v.strictObject({
  protocol: v.strictObject({
    kind: v.literal('endurance'),
    /** Each phase's planned length and the window length, ms. */
    phaseMs: v.pipe(v.number(), v.minValue(1000)),
    windowMs: v.pipe(v.number(), v.minValue(1000)),
    batchSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
    then: v.picklist(['none', 'idle', 'batch']),
    /** The batch size phase B ran at, when `then` is 'batch'. */
    thenBatch: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    /** The load started on a battery levelchange, so its first step is whole. */
    startedOnLevelChange: v.boolean(),
  }),
  windows: v.pipe(v.array(EnduranceWindowSchema), v.maxLength(MAX_WINDOWS)),
  batterySamples: v.pipe(v.array(BatterySampleSchema), v.maxLength(10000)),
  pressureSamples: v.pipe(v.array(PressureSampleSchema), v.maxLength(10000)),
  /** What the screen wake lock did: held throughout, never granted (and why), or released before the end. */
  wakeLock: v.picklist(['held', 'unavailable', 'lost']),
  /** How the window series ended. */
  ended: v.picklist(['complete', 'hidden', 'wake-lock-lost', 'stopped']),
  /** Why the battery could not measure here; null when it could. */
  batteryUnusable: v.nullable(shortText),
  /** Phase A's windows: worst ÷ best, whether it passes 97%, when a sustained drop began, the throttled flag. */
  summary: v.strictObject({
    throughput: v.pipe(v.array(nonNegative), v.maxLength(MAX_WINDOWS)),
    stability: v.nullable(nonNegative),
    stable: v.nullable(v.boolean()),
    firstDropMs: v.nullable(nonNegative),
    throttled: v.boolean(),
  }),
  /** Battery drain (measured): under load (A), then B (idle or another batch size), and A − B; null where the battery
   *  could not measure. */
  drain: v.nullable(
    v.strictObject({
      a: v.nullable(DrainSchema),
      b: v.nullable(DrainSchema),
      difference: v.nullable(v.strictObject({ percentPerHour: finite, low: finite, high: finite })),
    }),
  ),
  /** The battery's capacity when known (typed in, or a labelled table), for the derived joules. */
  wattHours: v.nullable(v.strictObject({ value: v.pipe(v.number(), v.minValue(0.1), v.maxValue(1000)), source: shortText })),
  /** Joules per inference: derived from the drain and the capacity; modelled from the device class and busy time. */
  joulesPerItem: v.strictObject({ derived: v.nullable(EnergyFigureSchema), modelled: EnergyFigureSchema }),
});
export type EnergySection = v.InferOutput<typeof EnergySectionSchema>;
