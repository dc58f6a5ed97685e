// Per-client rate limiting for submissions (Node, server, pure with an injected clock): a token bucket per address.

export interface RateLimit {
  /** Sustained submissions per minute. */
  perMinute: number;
  /** Submissions allowed at once. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perMinute: 30, burst: 10 };

/** Returns `take(client)`: 0 when allowed now, else the seconds until the next token. */
export function tokenBuckets(limit: RateLimit, now: () => number = () => Date.now(), maxClients = 100_000) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = limit.perMinute / 60_000;
  return (client: string): number => {
    const t = now();
    const b = buckets.get(client) ?? { tokens: limit.burst, at: t };
    b.tokens = Math.min(limit.burst, b.tokens + (t - b.at) * ratePerMs);
    b.at = t;
    // Forget the oldest clients rather than grow without bound.
    if (!buckets.has(client) && buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
    buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / ratePerMs / 1000);
  };
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the right-most address in
 * X-Forwarded-For that is not itself a trusted proxy (the left part of that header is whatever the client wrote).
 */
export function clientAddress(socket: string, forwardedFor: string | null, trustedProxies: ReadonlySet<string>): string {
  if (!trustedProxies.has(socket) || !forwardedFor) return socket;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.has(hops[i] as string)) return hops[i] as string;
  return socket;
}
