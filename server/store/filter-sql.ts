// A results filter in SQL (Node, server): the WHERE clause of the explorer's filters over the results table, and the
// engine condition the pre-aggregated crowd table shares (its rows carry the same OS and browser columns).
import { BLINK_FAMILIES, type Engine } from '../../src/shared/device-buckets.ts';
import type { ResultFilter } from '../../src/shared/results-api.ts';

/** The SQL condition for results of `engine`: engineOf over the stored os_family and browser_family columns (constants
 *  only, from the same lists). */
export function engineCondition(engine: Engine): string {
  const blink = BLINK_FAMILIES.map((f) => `'${f}'`).join(', ');
  switch (engine) {
    case 'webkit':
      return "(os_family = 'ios' or browser_family = 'safari')";
    case 'gecko':
      return "(os_family <> 'ios' and browser_family = 'firefox')";
    case 'blink':
      return `(os_family <> 'ios' and browser_family in (${blink}))`;
    case 'other':
      return `(os_family <> 'ios' and browser_family not in ('safari', 'firefox', ${blink}))`;
  }
}

/** WHERE clause and parameters of a filter. */
export function whereOf(f: ResultFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (f.model !== undefined) add('model_id = ?', f.model);
  if (f.variant !== undefined) add('variant = ?', f.variant);
  if (f.backend !== undefined) add('backend = ?', f.backend);
  if (f.deviceClass !== undefined) add('device_class = ?', f.deviceClass);
  if (f.key !== undefined) add('work_key = ?', f.key);
  if (f.engine !== undefined) parts.push(engineCondition(f.engine));
  if (f.batchSize !== undefined)
    add('exists (select 1 from result_points p where p.result_id = results.id and p.batch_size = ?)', f.batchSize);
  if (!f.includeFlagged) parts.push('not flagged');
  return { sql: parts.length ? `where ${parts.join(' and ')}` : '', params };
}
