// Getting ready for a bench run (Node): fixture models and a built app that is not older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or older than anything the bundle is built from. */
export function needsBuild(root: string): boolean {
  const index = path.join(root, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [path.join(root, 'src'), path.join(root, 'public')].filter((d) => existsSync(d));
  const files = ['index.html', 'vite.config.ts', 'package-lock.json'].map((f) => path.join(root, f)).filter((f) => existsSync(f));
  return Math.max(...sources.map(newestMtime), ...files.map((f) => statSync(f).mtimeMs)) > built;
}

function run(root: string, command: string, args: string[], what: string): void {
  const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: false });
  if (r.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} exited with ${r.status ?? r.signal})`);
}

/** Builds the fixture models when missing or stale, and the app when its sources changed. */
export function prepare(root: string, log: (line: string) => void): void {
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  run(root, bin('tsx'), ['models/build.ts', '--if-missing'], 'building the fixture models');
  if (needsBuild(root)) {
    log('building the app (dist/ is missing or older than src/)…');
    run(root, bin('vite'), ['build', '--logLevel', 'warn'], 'building the app');
  }
}
