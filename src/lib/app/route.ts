// The app's pages as URL hashes (main thread, pure): #/ the benchmark, #/tiers, #/accuracy, #/operators, #/code, #/results?… the explorer,
// #/results/<id> one result, #/rooms live-demo rooms, #/present/<code> the presenter screen, #/join/<code> an audience
// device, #/replay a recorded room, #/check a phone's readiness for a talk.
// Hashes keep the benchmark's share links (?model=…) intact and need nothing from the server.
import { filterFromQuery, filterToQuery, type ResultFilter } from '../../shared/results-api.ts';
import { ROOM_CODE } from '../../shared/rooms.ts';

export type Route =
  | { page: 'bench' }
  | { page: 'accuracy' }
  | { page: 'operators' }
  | { page: 'code' }
  | { page: 'tiers' }
  | { page: 'results'; filter: ResultFilter; offset: number }
  | { page: 'result'; id: string }
  | { page: 'rooms' }
  | { page: 'present'; code: string; key?: string }
  | { page: 'join'; code: string }
  | { page: 'replay' }
  | { page: 'check' };

const ID = /^[0-9a-f-]{36}$/;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [where = '', query = ''] = path.split('?', 2);
  const one = where.match(/^\/results\/([^/]+)$/);
  if (one && ID.test(one[1] as string)) return { page: 'result', id: one[1] as string };
  // The presenter screen opened at another address carries its secret once (#/present/<code>/key/<secret>).
  const keyed = where.match(/^\/present\/([^/]+)\/key\/([A-Za-z0-9_-]{16,128})$/);
  if (keyed && ROOM_CODE.test((keyed[1] as string).toUpperCase()))
    return { page: 'present', code: (keyed[1] as string).toUpperCase(), key: keyed[2] as string };
  const room = where.match(/^\/(present|join)\/([^/]+)$/);
  if (room) {
    // Codes are read aloud and typed: accept lower case.
    const code = (room[2] as string).toUpperCase();
    if (ROOM_CODE.test(code)) return room[1] === 'present' ? { page: 'present', code } : { page: 'join', code };
    return { page: 'rooms' };
  }
  if (where === '/rooms') return { page: 'rooms' };
  if (where === '/replay') return { page: 'replay' };
  if (where === '/check') return { page: 'check' };
  if (where === '/accuracy') return { page: 'accuracy' };
  if (where === '/operators') return { page: 'operators' };
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
    case 'operators':
      return '#/operators';
    case 'code':
      return '#/code';
    case 'tiers':
      return '#/tiers';
    case 'result':
      return `#/results/${route.id}`;
    case 'rooms':
      return '#/rooms';
    case 'present':
      return `#/present/${route.code}`;
    case 'join':
      return `#/join/${route.code}`;
    case 'replay':
      return '#/replay';
    case 'check':
      return '#/check';
    case 'results': {
      const q = filterToQuery(route.filter);
      if (route.offset > 0) q.set('offset', String(route.offset));
      const s = q.toString();
      return s ? `#/results?${s}` : '#/results';
    }
  }
}
