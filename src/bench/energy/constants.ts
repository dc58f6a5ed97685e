// The energy model's constants (pure data; runs everywhere): every power figure the modelled energy uses, each with a
// low, typical and high value and where it comes from. docs/energy.md lists them; constants.test.ts checks their shape
// and the worked examples in energy-model.test.ts use them.

/** A constant with its range and its source, shown next to every figure computed from it. */
export interface Constant {
  low: number;
  typical: number;
  high: number;
  unit: string;
  source: string;
}

/** Every energy figure says how it was obtained. */
export type EnergyLabel = 'measured' | 'derived' | 'modelled';

export const HUANG_2012 =
  'Huang et al., "A Close Examination of Performance and Power Characteristics of 4G LTE Networks", MobiSys 2012, ' +
  'power model P = αu·tu + αd·td + β (tu, td in Mbps), as BottleNet (Eshratifar et al., ISLPED 2019) uses it';

/** The paper's abstract gives its power model's error as under 6%: the range applied to each of its constants. */
export const HUANG_MODEL_ERROR = 0.06;

const huang = (value: number, unit: string, what: string): Constant => ({
  low: value * (1 - HUANG_MODEL_ERROR),
  typical: value,
  high: value * (1 + HUANG_MODEL_ERROR),
  unit,
  source: `${HUANG_2012}: ${what} (range ±6%, the model's stated error)`,
});

/** A radio's power while it moves data: P(mW) = alphaUp·up(Mbps) + alphaDown·down(Mbps) + beta. */
export interface RadioModel {
  name: string;
  alphaUp: Constant;
  alphaDown: Constant;
  beta: Constant;
  /** Power and length of the high-power tail the radio stays in after a burst (LTE's RRC tail); null if negligible. */
  tail: { power: Constant; seconds: Constant } | null;
  /** True for figures that no measurement supports (5G): the page labels them rough. */
  rough: boolean;
}

export type RadioKey = 'lte' | '3g' | 'wifi' | '5g';

function rough5g(what: string): string {
  return `rough parameter, not a measurement: LTE's ${what} from ${HUANG_2012}, up to twice as large; edit to yours`;
}

export const RADIO_MODELS: Readonly<Record<RadioKey, RadioModel>> = {
  lte: {
    name: 'LTE',
    alphaUp: huang(438.39, 'mW/Mbps', 'LTE αu'),
    alphaDown: huang(51.97, 'mW/Mbps', 'LTE αd'),
    beta: huang(1288.04, 'mW', 'LTE β'),
    tail: {
      power: huang(1060, 'mW', 'LTE tail power'),
      seconds: huang(11.576, 's', 'LTE tail timer'),
    },
    rough: false,
  },
  '3g': {
    name: '3G',
    alphaUp: huang(868.98, 'mW/Mbps', '3G αu'),
    alphaDown: huang(122.12, 'mW/Mbps', '3G αd'),
    beta: huang(817.88, 'mW', '3G β'),
    tail: null,
    rough: false,
  },
  wifi: {
    name: 'Wi-Fi',
    alphaUp: huang(283.17, 'mW/Mbps', 'Wi-Fi αu'),
    alphaDown: huang(137.01, 'mW/Mbps', 'Wi-Fi αd'),
    beta: huang(132.86, 'mW', 'Wi-Fi β'),
    tail: null,
    rough: false,
  },
  '5g': {
    name: '5G (rough)',
    // No published fit of this form for 5G is used here: LTE's constants, with a high end twice as large. Rough and
    // labelled so on every page; edit to yours.
    alphaUp: { low: 438.39, typical: 438.39, high: 876.78, unit: 'mW/Mbps', source: rough5g('αu') },
    alphaDown: { low: 51.97, typical: 51.97, high: 103.94, unit: 'mW/Mbps', source: rough5g('αd') },
    beta: { low: 1288.04, typical: 1288.04, high: 2576.08, unit: 'mW', source: rough5g('β') },
    tail: {
      power: { low: 1060, typical: 1060, high: 2120, unit: 'mW', source: rough5g('tail power') },
      seconds: { low: 11.576, typical: 11.576, high: 11.576, unit: 's', source: rough5g('tail timer') },
    },
    rough: true,
  },
};

/** What a device draws while it computes an inference (the whole package, busy), by class. */
export type DeviceClass = 'phone' | 'tablet' | 'laptop' | 'desktop';

export const DEVICE_POWER: Readonly<Record<DeviceClass, Constant>> = {
  phone: {
    low: 2,
    typical: 4,
    high: 6,
    unit: 'W',
    source:
      'estimate, not a measurement of this phone: a phone SoC with its big cores or GPU busy draws a few watts before ' +
      'it throttles; set it from your own measurement where you have one',
  },
  tablet: {
    low: 3,
    typical: 6,
    high: 10,
    unit: 'W',
    source: 'estimate, not a measurement of this tablet: a larger SoC and power budget than a phone; edit to yours',
  },
  laptop: {
    low: 10,
    typical: 20,
    high: 45,
    unit: 'W',
    source: 'processor base power of laptop classes (Intel U-series 15 W, H-series 45 W; Intel ARK), 10 W for fanless designs',
  },
  desktop: {
    low: 35,
    typical: 65,
    high: 125,
    unit: 'W',
    source: 'processor base power of desktop classes (Intel T-series 35 W, standard 65 W, K-series 125 W; Intel ARK)',
  },
};

/** The device class a result's operating system suggests: phones for Android and iOS, laptops otherwise. */
export function deviceClassOf(os: string): DeviceClass {
  return os === 'android' || os === 'ios' ? 'phone' : 'laptop';
}
