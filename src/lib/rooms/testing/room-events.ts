// Room events for the rooms page's controller tests (Node): envelopes ten seconds apart, and a recording of them.
import type { RecordedRoom, RoomEnvelope, RoomEvent } from '../../../shared/rooms.ts';
import { DEFAULT_PLAN } from '../../../shared/run-plan.ts';

export const CODE = 'ABCDEF';

/** Event `id`, recorded `id` × 10 s after 10:00. */
export const envelope = (id: number, event: RoomEvent): RoomEnvelope => ({
  id,
  at: new Date(Date.UTC(2026, 11, 5, 10, 0, id * 10)).toISOString(),
  event,
});

export const opened = (): RoomEvent => ({ kind: 'opened', title: 'Talk', plan: DEFAULT_PLAN });
export const joined = (deviceId: string): RoomEvent => ({ kind: 'device', deviceId, state: 'joined' });

/** A room opened, then joined by three devices. */
export function recording(): RecordedRoom {
  return {
    format: 'tierlab-room',
    version: 1,
    exportedAt: '2026-12-05T11:00:00.000Z',
    code: CODE,
    events: [envelope(1, opened()), envelope(2, joined('a')), envelope(3, joined('b')), envelope(4, joined('c'))],
  };
}
