// Which join URL the presenter screen shows (main thread, pure): a presenter on localhost would project a QR code
// that phones cannot open, so the server's reachable address wins there, with a warning and a one-click switch.
import { isLoopbackHost, joinPath, type RoomJoin } from '../../shared/rooms.ts';

export interface JoinChoice {
  /** The URL in the QR code and under it. */
  url: string;
  /** Why the presenter should look twice (on localhost), or null. */
  warning: string | null;
  /** The presenter screen at the reachable origin (carrying the presenter's secret), when switching helps. */
  switchTo: string | null;
}

export function chooseJoin(currentOrigin: string, code: string, offered: RoomJoin | null, secret: string | null): JoinChoice {
  const own = `${currentOrigin}${joinPath(code)}`;
  const first = offered?.joinUrls[0];
  const host = new URL(currentOrigin).hostname;
  const loopback = isLoopbackHost(host);
  // PUBLIC_URL is the server's word; otherwise a reachable address the presenter already uses is kept.
  const url = offered?.source === 'public-url' && first ? first : !loopback ? own : (first ?? own);
  const origin = new URL(url).origin;
  if (!loopback || (origin === currentOrigin && first)) return { url, warning: null, switchTo: null };
  if (origin === currentOrigin)
    return {
      url,
      warning: `This screen is open at ${host}, which phones cannot reach, and the server knows no other address: start it with HOST=0.0.0.0 on the venue network, or set PUBLIC_URL.`,
      switchTo: null,
    };
  return {
    url,
    warning: `This screen is open at ${host}, which phones cannot reach: the QR code uses ${origin} instead.`,
    switchTo: `${origin}/#/present/${code}${secret ? `/key/${secret}` : ''}`,
  };
}
