import { describe, expect, it, vi } from 'vitest';

describe('ort-stdout', () => {
  it('collects the trace lines printed during a pass, and lets everything else reach the console', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    vi.resetModules();
    // The module wraps the console.log it finds on import, as the worker's runtime binds it when it starts.
    const { collectingTrace } = await import('./ort-stdout.ts');
    const { value, lines } = await collectingTrace(async () => {
      console.log('[');
      console.log('{"cat" : "Session","name" :"model_run"},');
      console.log('a warning meanwhile');
      console.log(']');
      return 7;
    });
    console.log('{"cat" : "Node"} after the pass');
    spy.mockRestore();
    expect(value).toBe(7);
    expect(lines).toEqual(['[', '{"cat" : "Session","name" :"model_run"},', ']']);
    expect(printed).toEqual(['a warning meanwhile', '{"cat" : "Node"} after the pass']);
  });

  it('runs one collection at a time', async () => {
    const { collectingTrace } = await import('./ort-stdout.ts');
    const first = collectingTrace(() => new Promise((r) => setTimeout(r, 10)));
    await expect(collectingTrace(async () => 1)).rejects.toThrow(/already collecting/);
    await first;
  });
});
