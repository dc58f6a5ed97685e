// The app's pages as URL hashes (main thread, pure): #/ the benchmark, #/tiers, #/accuracy, #/code, #/results?… the explorer,
// #/results/<id> one result.
// Hashes keep the benchmark's share links (?model=…) intact and need nothing from the server.
import { filterFromQuery, filterToQuery, type ResultFilter } from '../shared/results-api.ts';

export type Route =
  | { page: 'bench' }
  | { page: 'accuracy' }
  | { page: 'code' }
  | { page: 'tiers' }
  | { page: 'results'; filter: ResultFilter; offset: number }
  | { page: 'result'; id: string };

const ID = /^[0-9a-f-]{36}$/;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [where = '', query = ''] = path.split('?', 2);
  const one = where.match(/^\/results\/([^/]+)$/);
  if (one && ID.test(one[1] as string)) return { page: 'result', id: one[1] as string };
  if (where === '/accuracy') return { page: 'accuracy' };
  if (where === '/code') return { page: 'code' };
  if (where === '/tiers') return { page: 'tiers' };
  if (where === '/results' || where === '/results/') {
    const q = new URLSearchParams(query);
    const offset = Number(q.get('offset') ?? 0);
    return {
      page: 'results',
      filter: filterFromQuery((k) => q.get(k)),
      offset: Number.isInteger(offset) && offset >= 0 && offset <= 1_000_000 ? offset : 0,
    };
  }
  return { page: 'bench' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'bench':
      return '#/';
    case 'accuracy':
      return '#/accuracy';
    case 'code':
      return '#/code';
    case 'tiers':
      return '#/tiers';
    case 'result':
      return `#/results/${route.id}`;
    case 'results': {
      const q = filterToQuery(route.filter);
      if (route.offset > 0) q.set('offset', String(route.offset));
      const s = q.toString();
      return s ? `#/results?${s}` : '#/results';
    }
  }
}
