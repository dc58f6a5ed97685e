import { describe, expect, it } from 'vitest';
import { PROMPTS, promptsFor } from './prompts.ts';
import { LANGUAGES } from './snippets.ts';

describe('code-completion prompts', () => {
  it('has at least three prompts per language, each ending where the model should continue', () => {
    for (const language of LANGUAGES) {
      const prompts = promptsFor(language);
      expect(prompts.length).toBeGreaterThanOrEqual(3);
      for (const p of prompts) {
        expect(p.language).toBe(language);
        expect(p.prompt.length).toBeGreaterThan(60);
        expect(p.prompt.endsWith('\n')).toBe(true);
      }
    }
    expect(new Set(PROMPTS.map((p) => p.id)).size).toBe(PROMPTS.length);
  });

  it("'mixed' interleaves languages so a small batch already mixes them", () => {
    const mixed = promptsFor('mixed');
    expect(mixed).toHaveLength(PROMPTS.length);
    expect(mixed.slice(0, LANGUAGES.length).map((p) => p.language)).toEqual([...LANGUAGES]);
  });
});
