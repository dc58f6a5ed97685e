import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route.ts';

describe('routes', () => {
  it('reads the benchmark page from an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ page: 'bench' });
    expect(parseRoute('#/')).toEqual({ page: 'bench' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'bench' });
    expect(parseRoute(routeHref({ page: 'accuracy' }))).toEqual({ page: 'accuracy' });
    expect(parseRoute(routeHref({ page: 'operators' }))).toEqual({ page: 'operators' });
    expect(parseRoute(routeHref({ page: 'code' }))).toEqual({ page: 'code' });
    expect(parseRoute(routeHref({ page: 'tiers' }))).toEqual({ page: 'tiers' });
  });

  it('round-trips the explorer with its filter and page', () => {
    const r: Route = {
      page: 'results',
      filter: { model: 'tierlab/tiny-code-encoder', batchSize: 4, includeFlagged: true },
      offset: 40,
    };
    expect(parseRoute(routeHref(r))).toEqual(r);
    expect(routeHref({ page: 'results', filter: {}, offset: 0 })).toBe('#/results');
  });

  it('accepts only result ids shaped like ours', () => {
    const id = '0b7f5a52-8a8e-4a43-9f0e-2e8cf1f1f0a1';
    expect(parseRoute(`#/results/${id}`)).toEqual({ page: 'result', id });
    expect(parseRoute('#/results/<script>')).toEqual({ page: 'bench' });
  });

  it('ignores a bad offset', () => {
    expect(parseRoute('#/results?offset=-5')).toMatchObject({ offset: 0 });
    expect(parseRoute('#/results?offset=abc')).toMatchObject({ offset: 0 });
  });

  it('reads room pages, upper-casing typed codes and refusing malformed ones', () => {
    expect(parseRoute('#/join/abc234')).toEqual({ page: 'join', code: 'ABC234' });
    expect(parseRoute(routeHref({ page: 'present', code: 'XYZ789' }))).toEqual({ page: 'present', code: 'XYZ789' });
    expect(parseRoute('#/join/ABC10I')).toEqual({ page: 'rooms' });
    // The presenter switching address carries its secret once.
    expect(parseRoute('#/present/XYZ789/key/abcdefghij_KLMNOP-123')).toEqual({
      page: 'present',
      code: 'XYZ789',
      key: 'abcdefghij_KLMNOP-123',
    });
    expect(parseRoute('#/present/XYZ789/key/short')).toEqual({ page: 'bench' });
    expect(parseRoute('#/join/<img>')).toEqual({ page: 'rooms' });
    expect(parseRoute(routeHref({ page: 'rooms' }))).toEqual({ page: 'rooms' });
    expect(parseRoute(routeHref({ page: 'replay' }))).toEqual({ page: 'replay' });
  });
});
