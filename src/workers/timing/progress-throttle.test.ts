import { describe, expect, it } from 'vitest';
import { throttleProgress } from './progress-throttle.ts';

describe('progress throttling', () => {
  it('drops messages of the same phase within the interval and sends phase changes and the final one at once', () => {
    let t = 0;
    const sent: string[] = [];
    const send = throttleProgress<{ phase: string; batchSize: number; round: number }>(
      (p) => {
        sent.push(`${p.phase}${p.batchSize}/${p.round}`);
      },
      () => t,
      500,
    );
    void send({ phase: 'warmup', batchSize: 1, round: 0 });
    void send({ phase: 'warmup', batchSize: 2, round: 0 }); // a new batch size in warm-up: sent
    void send({ phase: 'sampling', batchSize: 1, round: 0 }); // a new phase: sent
    t = 100;
    void send({ phase: 'sampling', batchSize: 2, round: 0 }); // dropped
    t = 600;
    void send({ phase: 'sampling', batchSize: 1, round: 1 }); // interval passed: sent
    t = 650;
    void send({ phase: 'sampling', batchSize: 2, round: -1 }); // the final message: sent
    expect(sent).toEqual(['warmup1/0', 'warmup2/0', 'sampling1/0', 'sampling1/1', 'sampling2/-1']);
  });

  it("passes on the sender's promise, so the protocol can wait for the page to paint", async () => {
    let t = 0;
    const painted = Promise.resolve();
    const send = throttleProgress<{ phase: string; batchSize: number; round: number }>(
      () => painted,
      () => t,
      500,
    );
    expect(send({ phase: 'sampling', batchSize: 1, round: 0 })).toBe(painted);
    t = 10;
    expect(send({ phase: 'sampling', batchSize: 2, round: 0 })).toBeUndefined(); // dropped: nothing to wait for
  });
});
