import { describe, expect, it } from 'vitest';
import { overall, readiness, type ReadinessFacts } from './readiness.ts';

const secure: ReadinessFacts = {
  reached: { ok: true },
  secureContext: true,
  crossOriginIsolated: true,
  sharedMemory: true,
  cores: 8,
  webgpu: { kind: 'adapter', fallback: false, description: 'qualcomm · adreno-7xx' },
  webnn: false,
  megabyteMs: 120,
};

const states = (f: ReadinessFacts) => Object.fromEntries(readiness(f).map((i) => [i.id, i.state]));

describe('readiness', () => {
  it('is all green on a secure, isolated phone with a GPU adapter', () => {
    expect(states(secure)).toEqual({
      reached: 'ok',
      secure: 'ok',
      isolated: 'ok',
      threads: 'ok',
      webgpu: 'ok',
      webnn: 'info',
      download: 'ok',
    });
    expect(readiness(secure).find((i) => i.id === 'threads')?.detail).toBe('8 threads');
    expect(overall(readiness(secure))).toBe('ready');
  });

  it('on plain http, isolation and WebGPU fail and each says to use https', () => {
    const plain: ReadinessFacts = {
      ...secure,
      secureContext: false,
      crossOriginIsolated: false,
      webgpu: { kind: 'unsupported' },
    };
    const items = readiness(plain);
    expect(states(plain)).toMatchObject({ secure: 'fail', isolated: 'fail', threads: 'warn', webgpu: 'fail' });
    for (const id of ['secure', 'isolated', 'webgpu'])
      expect(items.find((i) => i.id === id)?.fix).toMatch(/npm start -- --https/);
    expect(items.find((i) => i.id === 'threads')?.detail).toBe('1 thread of 8 cores');
    expect(overall(items)).toBe('limited');
  });

  it('on an isolated browser without shared memory (WebKit), says one thread and why, with nothing to fix', () => {
    const webkit: ReadinessFacts = { ...secure, sharedMemory: false };
    const threads = readiness(webkit).find((i) => i.id === 'threads');
    expect(threads).toMatchObject({ state: 'warn', detail: '1 thread of 8 cores' });
    expect(threads?.fix).toMatch(/no SharedArrayBuffer.*nothing to fix on this phone/);
    expect(states(webkit).isolated).toBe('ok');
  });

  it('flags a fallback adapter and a slow download as limits, and an unreachable server as not ready', () => {
    const soft: ReadinessFacts = {
      ...secure,
      webgpu: { kind: 'adapter', fallback: true, description: 'google · swiftshader' },
      megabyteMs: 4200,
    };
    expect(states(soft)).toMatchObject({ webgpu: 'warn', download: 'warn' });
    expect(readiness(soft).find((i) => i.id === 'download')?.detail).toContain('4.2 s');
    expect(overall(readiness({ ...secure, reached: { ok: false, error: 'timeout' } }))).toBe('not ready');
  });
});
