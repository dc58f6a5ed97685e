import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { EmulationSchema, emulationFromQuery, emulationNotes, emulationToQuery, NETWORK_PROFILES } from './emulation.ts';

describe('declared device emulation', () => {
  it('absent keys mean no emulation', () => {
    expect(emulationFromQuery('model=x&batches=1')).toBeNull();
  });

  it('round-trips through share-link keys and validates', () => {
    const e = emulationFromQuery('emu-cpu=4&emu-cpu-measured=3.87&emu-net=3g&emu-gpu=swiftshader')!;
    expect(e.cpuThrottle).toBe(4);
    expect(e.cpuThrottleMeasured).toBe(3.87);
    expect(e.cpuThrottleMethod).toMatch(/duty cycle/);
    expect(e.network).toEqual({ profile: '3g', ...NETWORK_PROFILES['3g'] });
    expect(e.webgpuSwiftShader).toBe(true);
    expect(v.safeParse(EmulationSchema, e).success).toBe(true);
    expect(emulationFromQuery(new URLSearchParams(emulationToQuery(e)))).toEqual(e);
    expect(emulationNotes(e).join(' ')).toMatch(/slowed 4×.*measured 3\.87×.*3g.*SwiftShader/);
  });

  it('a network-only declaration has no CPU slowdown', () => {
    const e = emulationFromQuery('emu-net=wifi')!;
    expect(e.cpuThrottle).toBe(1);
    expect(e.cpuThrottleMethod).toBe('none');
    expect(emulationToQuery(e)).toEqual({ 'emu-net': 'wifi' });
  });

  it('refuses bad values, naming the key', () => {
    expect(() => emulationFromQuery('emu-cpu=0.5')).toThrow(/emu-cpu/);
    expect(() => emulationFromQuery('emu-cpu=abc')).toThrow(/emu-cpu/);
    expect(() => emulationFromQuery('emu-net=5g')).toThrow(/emu-net.*3g, 4g, wifi/);
    expect(() => emulationFromQuery('emu-gpu=metal')).toThrow(/emu-gpu/);
    expect(() => emulationFromQuery('emu-cpu=2&emu-cpu-measured=x')).toThrow(/emu-cpu-measured/);
  });
});
