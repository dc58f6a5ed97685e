import { describe, expect, it } from 'vitest';
import { connectionLooksMetered } from './network.ts';

describe('metered connection check', () => {
  it('flags data saver, cellular and slow links', () => {
    expect(connectionLooksMetered({ saveData: true })).toBe(true);
    expect(connectionLooksMetered({ type: 'cellular' })).toBe(true);
    expect(connectionLooksMetered({ effectiveType: '3g' })).toBe(true);
  });

  it('lets fast or unknown links through', () => {
    expect(connectionLooksMetered({ type: 'wifi', effectiveType: '4g' })).toBe(false);
    expect(connectionLooksMetered(undefined)).toBe(false);
  });
});
