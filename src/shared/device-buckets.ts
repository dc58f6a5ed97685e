// What the results service stores about a device (runs everywhere): coarse buckets derived from the environment,
// never the user-agent itself. The app shows the same function's output on the submit screen.
import type { Environment } from './run-result.ts';

export interface DeviceBuckets {
  deviceClass: string;
  osFamily: string;
  browserFamily: string;
  browserMajor: number | null;
  /** The browser engine (engineOf): what decides WebGPU, threads and JSPI more than the browser's name. */
  engine: Engine;
  gpuVendor: string | null;
  gpuArchitecture: string | null;
  coresBucket: string;
  memoryBucket: string;
}

const clean = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 ._-]/g, '')
    .trim()
    .slice(0, 40);

/** android, ios, windows, macos, linux, chromeos or other, from the user-agent and platform strings. */
export function osFamily(userAgent: string, platform: string): string {
  const s = `${userAgent} ${platform}`;
  if (/android/i.test(s)) return 'android';
  if (/iphone|ipad|ipod/i.test(s)) return 'ios';
  if (/cros/i.test(s)) return 'chromeos';
  if (/windows|win32|win64/i.test(s)) return 'windows';
  if (/mac ?os|macintosh|macintel/i.test(s)) return 'macos';
  if (/linux|x11/i.test(s)) return 'linux';
  return 'other';
}

export const ENGINES = ['blink', 'gecko', 'webkit', 'other'] as const;
export type Engine = (typeof ENGINES)[number];

/** People's names for the engines, as the explorer and the presenter show them. */
export const ENGINE_NAMES: Readonly<Record<Engine, string>> = {
  blink: 'Chromium (Blink)',
  gecko: 'Firefox (Gecko)',
  webkit: 'Safari (WebKit)',
  other: 'other engine',
};

/** The engine of a browser family on an OS: every browser on iOS is WebKit (Chrome and Firefox there included);
 *  elsewhere Chrome, Edge, Opera and Samsung Internet are Blink, Firefox is Gecko and Safari is WebKit. A function of
 *  the two stored buckets, so results stored before engines were recorded have theirs too. */
export function engineOf(os: string, browserFamily: string): Engine {
  if (os === 'ios' || browserFamily === 'safari') return 'webkit';
  if (browserFamily === 'firefox') return 'gecko';
  if (BLINK_FAMILIES.includes(browserFamily)) return 'blink';
  return 'other';
}

/** Browser families built on Blink (off iOS). */
export const BLINK_FAMILIES: readonly string[] = ['chrome', 'edge', 'opera', 'samsung'];

/** Browser family and major version (edge, opera, samsung, firefox, chrome, safari), or other. */
export function browserOf(userAgent: string): { family: string; major: number | null } {
  const rules: [string, RegExp][] = [
    ['edge', /Edg(?:e|A|iOS)?\/(\d+)/],
    ['opera', /OPR\/(\d+)/],
    ['samsung', /SamsungBrowser\/(\d+)/],
    ['firefox', /(?:Firefox|FxiOS)\/(\d+)/],
    ['chrome', /(?:Chrome|CriOS|HeadlessChrome)\/(\d+)/],
    ['safari', /Version\/(\d+)[^ ]* .*Safari\//],
  ];
  for (const [family, re] of rules) {
    const m = userAgent.match(re);
    if (m) return { family, major: Number(m[1]) };
  }
  return { family: 'other', major: null };
}

const FAMILY_NAMES: Record<string, string> = {
  edge: 'Edge',
  opera: 'Opera',
  samsung: 'Samsung Internet',
  firefox: 'Firefox',
  chrome: 'Chrome',
  safari: 'Safari',
};

/** The browser as a person names it, from its user-agent: "Safari 17" from Version/17.4 (not Safari/604, WebKit's
 *  build), "Chrome 123" for Chrome on iOS (CriOS), WebKit on Linux by its build (WebKitGTK and WPE send a made-up
 *  Version/60.5 there, and there is no Safari for Linux), or "unknown browser". */
export function browserLabel(userAgent: string): string {
  const b = browserOf(userAgent);
  const webkit = /AppleWebKit\/([\d.]+)/.exec(userAgent)?.[1];
  if (b.family === 'safari' && webkit && /Linux|X11/.test(userAgent) && !/Android/.test(userAgent))
    return `WebKit ${webkit} (Linux)`;
  return b.major === null ? 'unknown browser' : `${FAMILY_NAMES[b.family] ?? b.family} ${b.major}`;
}

export function coresBucket(cores: number): string {
  if (cores <= 2) return '1-2';
  if (cores <= 4) return '3-4';
  if (cores <= 8) return '5-8';
  if (cores <= 16) return '9-16';
  return '17+';
}

export function memoryBucket(gb: number | null): string {
  if (gb === null) return 'unknown';
  if (gb < 2) return '<2 GB';
  if (gb < 4) return '2-3 GB';
  if (gb < 8) return '4-7 GB';
  return '8+ GB';
}

/** The buckets stored with a result, and the device class that groups results in aggregates. */
export function deviceBuckets(env: Environment): DeviceBuckets {
  const os = osFamily(env.userAgent, env.platform);
  const browser = browserOf(env.userAgent);
  const gpuVendor = env.adapter ? clean(env.adapter.vendor) || null : null;
  const gpuArchitecture = env.adapter ? clean(env.adapter.architecture) || null : null;
  const cores = coresBucket(env.hardwareConcurrency);
  const memory = memoryBucket(env.deviceMemoryGb);
  const gpu =
    env.executionProvider === 'webgpu' && gpuVendor ? `${gpuVendor}${gpuArchitecture ? ` ${gpuArchitecture}` : ''}` : 'cpu';
  return {
    deviceClass: `${os} · ${browser.family} · ${gpu} · ${cores} cores · ${memory}`,
    osFamily: os,
    browserFamily: browser.family,
    browserMajor: browser.major,
    engine: engineOf(os, browser.family),
    gpuVendor,
    gpuArchitecture,
    coresBucket: cores,
    memoryBucket: memory,
  };
}
