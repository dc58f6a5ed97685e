// The containment cases and their verdict (pure).
import { describe, expect, it } from 'vitest';
import { containmentCases, containmentVerdict } from './sandbox-containment.ts';

const targets = { canary: 'http://127.0.0.1:9/', appOrigin: 'http://localhost:8080' };

describe('containmentCases', () => {
  it('aims every escape at the given targets, with unique ids', () => {
    const cases = containmentCases(targets);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const escapes = cases.filter((c) => c.steps.length === 1 && c.steps[0]?.program.includes('await attempt('));
    expect(escapes.length).toBeGreaterThanOrEqual(12);
    for (const c of escapes) expect(c.steps[0]?.program, c.id).toContain('CANARY = "http://127.0.0.1:9/"');
    expect(cases.find((c) => c.id === 'importlib')?.steps[0]?.program).toContain('APP + "/api/results"');
  });

  it('adds the trailing slash a canary needs and keeps the heavy cases apart', () => {
    const cases = containmentCases({ ...targets, canary: 'http://127.0.0.1:9' });
    expect(cases[0]?.steps[0]?.program).toContain('CANARY = "http://127.0.0.1:9/"');
    expect(cases.filter((c) => c.heavy).map((c) => c.id)).toEqual(['js-heap', 'memory-exhaustion']);
  });
});

describe('containmentVerdict', () => {
  it('contains a case only when every step with an expectation ended as expected', () => {
    const v = containmentVerdict([
      { caseId: 'a', step: 0, expect: null, outcome: 'crash' },
      { caseId: 'a', step: 1, expect: ['pass'], outcome: 'pass' },
      { caseId: 'b', step: 0, expect: ['error', 'crash'], outcome: 'crash' },
      { caseId: 'c', step: 0, expect: ['fail'], outcome: 'pass' },
    ]);
    expect(v).toEqual({ cases: 3, contained: 2, escaped: ['c'], ok: false });
    expect(containmentVerdict([]).ok).toBe(false);
  });
});
