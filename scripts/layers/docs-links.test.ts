// The README and docs/ link to each other and to nothing outside the repository; every docs page is reachable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));
const pages = ['README.md', ...docs.map((f) => `docs/${f}`)];

/** Relative link targets of a Markdown page, without their #fragment (web and mail links left out). */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.split('#')[0]!);
}

describe('documentation links', () => {
  it('links every page in docs/ from the README', () => {
    const linked = new Set(relativeLinks(readFileSync(path.join(root, 'README.md'), 'utf8')));
    expect(docs.filter((f) => !linked.has(`docs/${f}`))).toEqual([]);
  });

  it('resolves every relative link to a file inside the repository', () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(readFileSync(path.join(root, page), 'utf8')).flatMap((target) => {
        const resolved = path.resolve(root, path.dirname(page), target);
        const inside = resolved.startsWith(`${root}${path.sep}`);
        return inside && existsSync(resolved) ? [] : [`${page} -> ${target}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('keeps the README short', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(120);
  });
});
