// The presenter screen's controller: keyboard shortcuts pick the view; actions go to the server only for a live room
// with its secret, and a refused one is said on screen until the next succeeds.
import { describe, expect, it, vi } from 'vitest';
import { HttpError } from '../../shared/errors.ts';
import { PresenterController, type RoomSource } from './presenter.svelte.ts';
import type { RoomFeed } from './room-feed.svelte.ts';
import { RoomReplay } from './room-replay.svelte.ts';
import { CODE, recording } from './testing/room-events.ts';

const live = (secret: string | null): RoomSource => ({ kind: 'live', code: CODE, feed: {} as RoomFeed, secret });

describe('the presenter controller', () => {
  it('switches views on its shortcuts, by number or letter, and ignores other keys', () => {
    const pc = new PresenterController(live('s'), vi.fn());
    expect(pc.view).toBe('chart');
    expect(pc.key('2')).toBe(true);
    expect(pc.view).toBe('leaderboard');
    expect(pc.key('Q')).toBe(true);
    expect(pc.view).toBe('qr');
    expect(pc.key('x')).toBe(false);
    expect(pc.view).toBe('qr');
  });

  it('sends an action with the room code and secret; a refusal is shown until an action succeeds', async () => {
    const send = vi.fn().mockRejectedValueOnce(new HttpError(403, 'wrong presenter secret')).mockResolvedValueOnce({});
    const pc = new PresenterController(live('s3cret'), send);
    const acting = pc.act('close');
    expect(pc.busy).toBe(true);
    await acting;
    expect(pc.busy).toBe(false);
    expect(pc.message).toBe('wrong presenter secret');
    await pc.act({ hide: 'r1' });
    expect(send).toHaveBeenLastCalledWith(CODE, 's3cret', { hide: 'r1' });
    expect(pc.message).toBeNull();
  });

  it('does nothing without the secret, or on a replay', async () => {
    const send = vi.fn();
    await new PresenterController(live(null), send).act('reset');
    const replay = new PresenterController({ kind: 'replay', replay: new RoomReplay(recording()) }, send);
    await replay.act('reset');
    expect(send).not.toHaveBeenCalled();
    expect(replay.state.lastId).toBe(0);
  });
});
