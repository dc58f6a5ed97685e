// The addresses phones can reach this server at (Node, server): PUBLIC_URL when set (a tunnel, a proxy, a domain),
// else the machine's LAN addresses when the server listens on all interfaces, else none (bound to loopback only).
import type { NetworkInterfaceInfo } from 'node:os';
import { isLoopbackHost, type JoinOrigins } from '../src/shared/rooms.ts';

export interface AddressSettings {
  /** PUBLIC_URL: the origin people reach this server at; wins over everything else. */
  publicUrl?: string | undefined;
  /** HOST the server listens on ('0.0.0.0' or '::' for every interface). */
  host: string;
  port: number;
  https: boolean;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export { isLoopbackHost as isLoopback };

/** The machine's non-internal IPv4 addresses (what a phone on the same Wi-Fi can reach). */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  return Object.values(interfaces)
    .flat()
    .filter((a): a is NetworkInterfaceInfo => Boolean(a && a.family === 'IPv4' && !a.internal))
    .map((a) => a.address);
}

/** Origins a phone can open, best first, and where they came from. */
export function reachableOrigins(s: AddressSettings): JoinOrigins {
  if (s.publicUrl) {
    let url: URL;
    try {
      url = new URL(s.publicUrl);
    } catch {
      throw new Error(`PUBLIC_URL must be an http(s) URL, not ${s.publicUrl}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`PUBLIC_URL must be an http(s) URL, not ${s.publicUrl}`);
    return { origins: [url.origin], source: 'public-url' };
  }
  const scheme = s.https ? 'https' : 'http';
  const everywhere = s.host === '0.0.0.0' || s.host === '::' || s.host === '';
  const hosts = everywhere ? lanAddresses(s.interfaces) : isLoopbackHost(s.host) ? [] : [s.host];
  const origins = hosts.map((h) => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${s.port}`);
  return { origins, source: origins.length ? 'lan' : 'none' };
}
