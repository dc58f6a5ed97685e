// `npm run bench` (Node): the app's benchmark without opening a browser by hand; writes the RunResult JSON and
// prints a table. Exit codes: 0 done, 1 the run failed, 2 bad options.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, parseBenchArgs, USAGE } from './bench/args.ts';
import { prepare } from './bench/prepare.ts';
import { formatReport } from './bench/report.ts';
import { runBench } from './bench/run-bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => console.error(line);

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  try {
    prepare(root, log);
    const result = await runBench(root, opts, log);
    await writeFile(opts.out, JSON.stringify(result, null, 2));
    console.log(formatReport(result));
    console.log(`\nwrote ${opts.out}`);
    return 0;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    console.error(`${e.name === 'Error' ? 'error' : e.name}: ${e.message}`);
    return 1;
  }
}

process.exitCode = await main();
