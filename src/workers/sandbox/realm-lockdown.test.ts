import { describe, expect, it } from 'vitest';
import { lockDownRealm } from './realm-lockdown.ts';

describe('lockDownRealm', () => {
  it('deletes each name from the scope and every prototype above it, and gpu from the navigator chain', () => {
    class Base {}
    Object.defineProperty(Base.prototype, 'caches', { get: () => 'store', configurable: true });
    class Navigator {}
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => 'adapter', configurable: true });
    const scope = Object.assign(Object.create(Base.prototype) as object, {
      BroadcastChannel: class {},
      Worker: class {},
      OffscreenCanvas: class {},
      navigator: new Navigator(),
    });
    expect('caches' in scope).toBe(true);
    expect(lockDownRealm(scope)).toEqual([]);
    const s = scope as Record<string, unknown>;
    expect([s.caches, s.BroadcastChannel, s.Worker, s.OffscreenCanvas, (s.navigator as Record<string, unknown>).gpu]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reports a name it could not take (a non-configurable property)', () => {
    const scope = {};
    Object.defineProperty(scope, 'Worker', { value: class {}, configurable: false });
    expect(lockDownRealm(scope)).toEqual(['Worker']);
  });
});
