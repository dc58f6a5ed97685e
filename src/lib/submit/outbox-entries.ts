// What the outbox keeps (main thread, types only): submissions waiting to be sent and the ones the server accepted.
import type { PointRow } from '../../shared/results-api.ts';

/** A submission not yet accepted. Its key and body never change, so every retry is the same request. */
export interface OutboxEntry {
  key: string;
  /** The RunResult as JSON, exactly as it will be sent. */
  body: string;
  clientResultId: string;
  modelId: string;
  variant: string;
  backend: string;
  createdAt: string;
  attempts: number;
  /** Epoch ms before which no retry is made. */
  nextAttemptAt: number;
  lastError: string | null;
  /** 'rejected': the server refused it; kept until the person discards it. */
  state: 'pending' | 'rejected';
  /** A live-demo room the result goes to (sent as ?room=&device=), if any. */
  room?: RoomTag;
  /** Each batch size's median, kept beside the body so nothing has to read the body back; absent in entries
   *  written before it existed. */
  points?: SentEntry['points'];
}

export interface RoomTag {
  code: string;
  deviceId: string;
}

/** A submission the server stored, with enough to draw it next to the crowd. */
export interface SentEntry {
  key: string;
  id: string;
  clientResultId: string;
  sentAt: string;
  modelId: string;
  variant: string;
  backend: string;
  flags: string[];
  points: Pick<PointRow, 'batchSize' | 'medianMs'>[];
}
