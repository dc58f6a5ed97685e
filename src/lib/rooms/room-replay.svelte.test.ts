// A recorded room played back with fake timers: events at their recorded pace divided by the speed, pause, restart,
// jump to the end, and playing again from the start once finished.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomReplay } from './room-replay.svelte.ts';
import { recording } from './testing/room-events.ts';

describe('a room replay', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies events at their recorded pace: 10 s apart at speed 10 is one a second', () => {
    const replay = new RoomReplay(recording());
    expect(replay.total).toBe(4);
    replay.play();
    vi.advanceTimersByTime(0);
    expect(replay.position).toBe(1);
    expect(replay.state.title).toBe('Talk');
    vi.advanceTimersByTime(999);
    expect(replay.position).toBe(1);
    vi.advanceTimersByTime(1);
    expect(replay.position).toBe(2);
    expect(replay.state.devices.size).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(replay.position).toBe(4);
    expect(replay.playing).toBe(false);
  });

  it('pauses where it is, and a restart empties the room', () => {
    const replay = new RoomReplay(recording());
    replay.play();
    vi.advanceTimersByTime(1000);
    replay.pause();
    vi.advanceTimersByTime(10_000);
    expect(replay.position).toBe(2);
    expect(replay.playing).toBe(false);
    replay.restart();
    expect(replay.position).toBe(0);
    expect(replay.state.lastId).toBe(0);
  });

  it('jumps to the end with every event folded in, and plays again from the start', () => {
    const replay = new RoomReplay(recording());
    replay.toEnd();
    expect(replay.position).toBe(4);
    expect(replay.state.devices.size).toBe(3);
    replay.play();
    vi.advanceTimersByTime(0);
    expect(replay.position).toBe(1);
    expect(replay.state.devices.size).toBe(0);
    replay.dispose();
  });
});
