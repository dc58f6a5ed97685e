// Fills in the comparability key of results stored before it existed (Node, server; run by migrate()). The key comes
// from the stored RunResult through the same keyOf the submission path uses; a row that no longer parses gets a key
// of its own, so it pools with nothing.
import { keyId, keyOf } from '../../src/shared/comparability.ts';
import { parseRunResult } from '../../src/shared/run-result.ts';
import type { SqlClient } from './sql-client.ts';

const BATCH = 500;

/** The key of a stored row's result; a key no other row has when the result does not parse. */
export function storedWorkKey(id: string, result: unknown): string {
  try {
    const parsed = parseRunResult(typeof result === 'string' ? JSON.parse(result) : result);
    return keyId(keyOf(parsed));
  } catch {
    return `unreadable|${id}`;
  }
}

/** Sets work_key on every row that has none, a batch at a time; returns how many it set. */
export async function backfillWorkKeys(db: SqlClient): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db.query<{ id: string; result: unknown }>(
      'select id, result from results where work_key is null order by id limit $1',
      [BATCH],
    );
    if (rows.length === 0) return done;
    await db.transaction(async (tx) => {
      for (const r of rows)
        await tx.query('update results set work_key = $1 where id = $2', [storedWorkKey(r.id, r.result), r.id]);
    });
    done += rows.length;
  }
}
