import { describe, expect, it } from 'vitest';
import { sampleAdapter, sampleResult } from '../bench/testing/sample-result.ts';
import { browserLabel, browserOf, coresBucket, deviceBuckets, engineOf, memoryBucket, osFamily } from './device-buckets.ts';

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS_EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.51';
const MAC_FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('device buckets', () => {
  it('OS family and browser family with major version from real user-agents', () => {
    expect(osFamily(ANDROID_CHROME, 'Linux armv8l')).toBe('android');
    expect(osFamily(IPHONE_SAFARI, 'iPhone')).toBe('ios');
    expect(osFamily(WINDOWS_EDGE, 'Win32')).toBe('windows');
    expect(osFamily(MAC_FIREFOX, 'MacIntel')).toBe('macos');
    expect(browserOf(ANDROID_CHROME)).toEqual({ family: 'chrome', major: 131 });
    expect(browserOf(IPHONE_SAFARI)).toEqual({ family: 'safari', major: 17 });
    expect(browserOf(WINDOWS_EDGE)).toEqual({ family: 'edge', major: 131 });
    expect(browserOf(MAC_FIREFOX)).toEqual({ family: 'firefox', major: 133 });
    expect(browserOf('curl/8.0')).toEqual({ family: 'other', major: null });
  });

  it("names the browser by its version, not WebKit's build number (an iPhone once read 'Safari 604')", () => {
    expect(browserLabel(IPHONE_SAFARI)).toBe('Safari 17');
    // WebKitGTK 2.50's MiniBrowser, as it sends it: a made-up Version/60.5, and no Safari exists for Linux.
    const webkitGtk = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15';
    expect(browserLabel(webkitGtk)).toBe('WebKit 605.1.15 (Linux)');
    const iphoneChrome =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1';
    expect(browserLabel(iphoneChrome)).toBe('Chrome 131');
    expect(browserLabel(MAC_FIREFOX)).toBe('Firefox 133');
    expect(browserLabel(WINDOWS_EDGE)).toBe('Edge 131');
    expect(browserLabel('curl/8.0')).toBe('unknown browser');
  });

  it('names the engine: every browser on iOS is WebKit, Chromium-based browsers are Blink, Firefox is Gecko', () => {
    const engine = (ua: string, platform: string) => engineOf(osFamily(ua, platform), browserOf(ua).family);
    expect(engine(ANDROID_CHROME, 'Linux armv8l')).toBe('blink');
    expect(engine(WINDOWS_EDGE, 'Win32')).toBe('blink');
    expect(engine(MAC_FIREFOX, 'MacIntel')).toBe('gecko');
    expect(engine(IPHONE_SAFARI, 'iPhone')).toBe('webkit');
    const iphoneFirefox =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/131.0 Mobile/15E148 Safari/605.1.15';
    expect(engine(iphoneFirefox, 'iPhone')).toBe('webkit');
    const webkitGtk = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15';
    expect(engine(webkitGtk, 'Linux x86_64')).toBe('webkit');
    expect(engine('curl/8.0', '')).toBe('other');
    expect(deviceBuckets({ ...sampleResult().environment, userAgent: MAC_FIREFOX, platform: 'MacIntel' }).engine).toBe('gecko');
  });

  it('buckets cores and memory', () => {
    expect([1, 2, 3, 4, 6, 8, 12, 32].map(coresBucket)).toEqual(['1-2', '1-2', '3-4', '3-4', '5-8', '5-8', '9-16', '17+']);
    expect([null, 0.5, 2, 4, 8, 16].map(memoryBucket)).toEqual(['unknown', '<2 GB', '2-3 GB', '4-7 GB', '8+ GB', '8+ GB']);
  });

  it('keeps no user-agent text and names the GPU only for WebGPU runs', () => {
    const r = sampleResult();
    r.environment.userAgent = ANDROID_CHROME;
    const cpu = deviceBuckets(r.environment);
    expect(cpu.deviceClass).toBe('android · chrome · cpu · 1-2 cores · 8+ GB');
    expect(JSON.stringify(cpu)).not.toContain('Pixel');
    r.environment.executionProvider = 'webgpu';
    r.environment.adapter = sampleAdapter({
      vendor: 'Qualcomm<script>',
      architecture: 'adreno-7xx',
      device: 'secret-serial',
      description: 'x',
    });
    const gpu = deviceBuckets(r.environment);
    expect(gpu.gpuVendor).toBe('qualcommscript');
    expect(gpu.deviceClass).toContain('qualcommscript adreno-7xx');
    expect(JSON.stringify(gpu)).not.toContain('secret-serial');
  });
});
