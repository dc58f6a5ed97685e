// Where a submission came from, as the crowd figures may know it (Node, server, pure but for the hash): a keyed hash of
// the client's network prefix. One person's many devices or one script's many submissions from one network share it,
// so every aggregate can give that source one voice. The address itself is never stored; the hash is never exported
// (not in the API, the CSV, the data set), and its key stays in the server's database.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { SqlClient } from '../store/sql-client.ts';

/**
 * The network an address belongs to: its /24 for IPv4 (also written IPv4-mapped, ::ffff:a.b.c.d), its /48 for IPv6 (a
 * home or a small site usually gets a /48 to /56, a phone a /64 inside one). Anything else is its own network.
 */
export function networkPrefix(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? (mapped[1] as string) : address;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(address)) {
    const [head = '', tail = ''] = address.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = address.includes('::')
      ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
      : left;
    return `${groups
      .slice(0, 3)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':')}::/48`;
  }
  return `other:${address}`;
}

/** The source of a submission from `address`: HMAC-SHA-256 of its network prefix under the server's key, 16 hex digits. */
export function sourceOf(address: string, key: string): string {
  return createHmac('sha256', key).update(networkPrefix(address)).digest('hex').slice(0, 16);
}

/** The server's key for source hashes: made once, kept in the database so sources stay the same across restarts. */
export async function sourceKey(db: SqlClient): Promise<string> {
  await db.query("insert into server_secrets (name, value) values ('source-key', $1) on conflict (name) do nothing", [
    randomBytes(32).toString('hex'),
  ]);
  const [row] = await db.query<{ value: string }>("select value from server_secrets where name = 'source-key'");
  if (!row) throw new Error('the source key could not be stored');
  return row.value;
}
