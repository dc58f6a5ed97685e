// What the outbox does with a submission's answer (main thread, pure): done, try again later, or refused for good.
import type { SubmitAccepted } from '../../shared/results-api.ts';

export type SendOutcome =
  | { kind: 'sent'; accepted: SubmitAccepted }
  /** Offline, server busy or rate limited: send again later with the same idempotency key. */
  | { kind: 'retry'; reason: string; retryAfterS: number | null }
  /** The server refused this body; sending it again would be refused again. */
  | { kind: 'rejected'; reason: string };

const reasonOf = (body: unknown, fallback: string): string =>
  body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
    ? (body as { error: string }).error.slice(0, 500)
    : fallback;

function isAccepted(body: unknown): body is SubmitAccepted {
  const b = body as Partial<SubmitAccepted> | null;
  return !!b && typeof b.id === 'string' && typeof b.url === 'string' && Array.isArray(b.flags);
}

/**
 * Classifies an answer to POST /api/results. `status` 0 stands for no answer at all (offline, connection lost
 * after sending): the server may or may not have stored it, which is exactly what the idempotency key settles.
 */
export function outcomeOf(status: number, body: unknown, retryAfter: string | null = null): SendOutcome {
  if (status === 201) {
    return isAccepted(body)
      ? { kind: 'sent', accepted: body }
      : { kind: 'retry', reason: 'the server answered 201 without a result id', retryAfterS: null };
  }
  if (status === 0) return { kind: 'retry', reason: 'no answer from the results server (offline?)', retryAfterS: null };
  if (status === 429) {
    const s = Number(retryAfter);
    return { kind: 'retry', reason: reasonOf(body, 'rate limited'), retryAfterS: Number.isFinite(s) && s > 0 ? s : null };
  }
  if (status === 408 || status >= 500)
    return { kind: 'retry', reason: reasonOf(body, `the results server answered ${status}`), retryAfterS: null };
  if (status === 404) return { kind: 'rejected', reason: 'this server has no results service (404 on /api/results)' };
  return { kind: 'rejected', reason: reasonOf(body, `refused with status ${status}`) };
}

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** Wait before attempt `attempts + 1`: doubling from FIRST_RETRY_MS up to MAX_RETRY_MS, or what Retry-After asked. */
export function retryDelayMs(attempts: number, retryAfterS: number | null): number {
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return retryAfterS === null ? backoff : Math.min(MAX_RETRY_MS, Math.max(backoff, retryAfterS * 1000));
}

/** A fresh idempotency key: 32 hex digits from the platform's random source (the API wants 16 to 128 of [A-Za-z0-9_-]). */
export function newIdempotencyKey(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return Array.from(random(16), (b) => b.toString(16).padStart(2, '0')).join('');
}
