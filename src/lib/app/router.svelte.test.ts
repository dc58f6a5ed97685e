// The router on a fake window: the page from the hash at start, a new page on each hash change, scrolled to its top.
import { describe, expect, it, vi } from 'vitest';
import { Router } from './router.svelte.ts';

describe('the router', () => {
  it('follows the hash and scrolls each newly shown page to its top', () => {
    let hash = '#/tiers';
    let changed: () => void = () => undefined;
    const scrollToTop = vi.fn();
    const router = new Router({ hash: () => hash, onHashChange: (l) => (changed = l), scrollToTop });
    expect(router.route).toEqual({ page: 'tiers' });
    hash = '#/join/ABCDEF';
    changed();
    expect(router.route).toEqual({ page: 'join', code: 'ABCDEF' });
    expect(scrollToTop).toHaveBeenCalledTimes(1);
  });
});
