// Token counts by the model's own tokenizer from the mirror (the fixture models are built before unit tests).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snippetsFor } from '../../src/shared/snippets.ts';
import { mirrorTokenCounter } from './token-counts.ts';

const mirror = path.resolve(import.meta.dirname, '..', '..', 'models', 'mirror');

describe('token counts from the mirror', () => {
  it("counts the shortest bundled input with the model's own tokenizer", async () => {
    const count = mirrorTokenCounter(mirror);
    const python = await count('tierlab/tiny-code-encoder', 'python');
    const mixed = await count('tierlab/tiny-code-encoder', 'mixed');
    expect(python).not.toBeNull();
    // More than one token per bundled snippet, fewer than one per character, and the mix is no longer than one language.
    const shortest = Math.min(...snippetsFor('python').map((s) => s.code.length));
    expect(python!.snippetTokens).toBeGreaterThan(1);
    expect(python!.snippetTokens).toBeLessThanOrEqual(shortest + 2);
    expect(mixed!.snippetTokens).toBeLessThanOrEqual(python!.snippetTokens);
    expect(python!.promptTokens).toBeGreaterThan(1);
  });

  it('is null for a model without a tokenizer in the mirror, or an id that is not a model id', async () => {
    const count = mirrorTokenCounter(mirror);
    expect(await count('nobody/nothing', 'python')).toBeNull();
    expect(await count('../../etc', 'python')).toBeNull();
  });
});
