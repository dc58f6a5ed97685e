// Where a stored result stands in the crowd: the shapes GET /api/results/<id> answers (runs everywhere, types only;
// src/bench/crowd-rank.ts computes them).

/** One other result at the batch size compared. */
export interface Peer {
  id: string;
  deviceClass: string;
  medianMs: number;
}

export interface Rank {
  /** Other results compared with. */
  n: number;
  /** Share of them slower than this one (a tie counts half), 0–1. */
  fasterThan: number;
  /** 95% interval of that share (Wilson score); null with no others. */
  ci95: { lo: number; hi: number } | null;
  /** The nearest faster result and the nearest slower one (null at either end). */
  above: Peer | null;
  below: Peer | null;
}

/** A stored result's standing at one of its batch sizes: within its device class and among every device. */
export interface BatchStanding {
  batchSize: number;
  medianMs: number;
  inClass: Rank;
  all: Rank;
}
