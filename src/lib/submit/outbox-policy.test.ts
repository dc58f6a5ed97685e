import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, newIdempotencyKey, outcomeOf, retryDelayMs } from './outbox-policy.ts';

const accepted = { id: '0b7f5a52-8a8e-4a43-9f0e-2e8cf1f1f0a1', url: '/api/results/x', flags: [] };

describe('outcomeOf', () => {
  it('is sent only for a 201 that carries a result id', () => {
    expect(outcomeOf(201, accepted)).toEqual({ kind: 'sent', accepted });
    expect(outcomeOf(201, {}).kind).toBe('retry');
    expect(outcomeOf(201, null).kind).toBe('retry');
  });

  it('retries when there was no answer, a timeout or a server error, with the same key', () => {
    for (const status of [0, 408, 500, 502, 503]) expect(outcomeOf(status, null).kind, String(status)).toBe('retry');
  });

  it('reads Retry-After on 429', () => {
    expect(outcomeOf(429, { error: 'too many' }, '12')).toEqual({ kind: 'retry', reason: 'too many', retryAfterS: 12 });
    expect(outcomeOf(429, null, 'soon')).toMatchObject({ kind: 'retry', retryAfterS: null });
  });

  it('gives up on refusals and keeps the server reason', () => {
    expect(outcomeOf(422, { error: 'unknown model "x"' })).toEqual({ kind: 'rejected', reason: 'unknown model "x"' });
    expect(outcomeOf(413, 'nope')).toEqual({ kind: 'rejected', reason: 'refused with status 413' });
    expect(outcomeOf(404, { error: 'no such endpoint' }).kind).toBe('rejected');
  });
});

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the cap', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, null))).toEqual([1, 2, 4, 8].map((f) => f * FIRST_RETRY_MS));
    expect(retryDelayMs(40, null)).toBe(MAX_RETRY_MS);
  });

  it('waits at least what Retry-After asks, within the cap', () => {
    expect(retryDelayMs(1, 30)).toBe(30_000);
    expect(retryDelayMs(1, 1)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(1, 3600)).toBe(MAX_RETRY_MS);
  });
});

describe('newIdempotencyKey', () => {
  it('is 32 hex digits, accepted by the API key rule', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    expect(newIdempotencyKey((n) => new Uint8Array(n).fill(255))).toBe('f'.repeat(32));
  });
});
