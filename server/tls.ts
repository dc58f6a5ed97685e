// HTTPS for phones at a talk (Node, server): a real certificate from TLS_CERT/TLS_KEY, or a self-signed one made
// with the `selfsigned` library for every name and LAN address of this machine, kept in the data folder and reused
// while it still covers them and has a month left.
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, type NetworkInterfaceInfo } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { lanAddresses } from './addresses.ts';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where it came from: the files given, a certificate made now, or one made earlier and reused. */
  source: 'files' | 'created' | 'reused';
  /** Base64 SHA-256 of the certificate's public key (what Chromium's --ignore-certificate-errors-spki-list takes). */
  spkiSha256: string;
  /** SHA-256 fingerprint of the certificate, colon-separated hex (what a person compares on a phone). */
  fingerprint: string;
  /** DNS names and IP addresses the certificate covers. */
  names: string[];
}

/** HTTPS is on with `--https`, HTTPS=1, or a certificate given in TLS_CERT and TLS_KEY. */
export function httpsWanted(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  return argv.includes('--https') || env.HTTPS === '1' || Boolean(env.TLS_CERT && env.TLS_KEY);
}

/** The names a phone may use for this machine: localhost, the host name (and .local), loopback and LAN addresses. */
export function machineNames(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, host = hostname()): string[] {
  const dns = ['localhost', host, `${host}.local`].filter((n) => /^[A-Za-z0-9.-]+$/.test(n));
  return [...new Set([...dns, '127.0.0.1', '::1', ...lanAddresses(interfaces)])];
}

const isIp = (name: string) => /^[\d.]+$/.test(name) || name.includes(':');

function describe(cert: string, key: string, source: TlsMaterial['source'], names: string[]): TlsMaterial {
  const x509 = new X509Certificate(cert);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return {
    cert,
    key,
    source,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
    fingerprint: x509.fingerprint256,
    names,
  };
}

/** The names a certificate covers, from its subjectAltName ("DNS:a, IP Address:1.2.3.4"). */
export function certificateNames(cert: string): string[] {
  const san = new X509Certificate(cert).subjectAltName ?? '';
  return san
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const name = part.replace(/^(DNS|IP Address):/, '').toLowerCase();
      // OpenSSL writes IPv6 in full (0:0:0:0:0:0:0:1): compress it as the URL parser does (::1).
      return part.startsWith('IP Address:') && name.includes(':') ? new URL(`http://[${name}]/`).hostname.slice(1, -1) : name;
    });
}

const MONTH_MS = 30 * 24 * 3600 * 1000;

/**
 * The certificate to serve: TLS_CERT/TLS_KEY when given (read as they are), else the one in `<dataDir>/tls` when it
 * covers `names` and is valid for another month, else a new self-signed one (EC P-256, SHA-256, one year) for them.
 */
export async function tlsMaterial(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  names: string[],
  now = new Date(),
): Promise<TlsMaterial> {
  if (env.TLS_CERT || env.TLS_KEY) {
    if (!env.TLS_CERT || !env.TLS_KEY) throw new Error('set both TLS_CERT and TLS_KEY (PEM files), or neither');
    const cert = readFileSync(env.TLS_CERT, 'utf8');
    const key = readFileSync(env.TLS_KEY, 'utf8');
    return describe(cert, key, 'files', certificateNames(cert));
  }
  const dir = path.join(dataDir, 'tls');
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const covered = new Set(certificateNames(cert));
    const expires = new Date(new X509Certificate(cert).validTo).getTime();
    if (names.every((n) => covered.has(n.toLowerCase())) && expires - now.getTime() > MONTH_MS)
      return describe(cert, readFileSync(keyPath, 'utf8'), 'reused', [...covered]);
  }
  const until = new Date(now);
  until.setFullYear(until.getFullYear() + 1);
  const pems = await generate([{ name: 'commonName', value: 'TierLab on this machine' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: until,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) => (isIp(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  return describe(pems.cert, pems.private, 'created', names);
}
