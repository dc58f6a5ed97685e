// The source tree's import graph (Node, pure but for reading files): relative imports of every .ts and .svelte file,
// its cycles (of files and of folders), and imports that cross a layer boundary the wrong way. Checked by
// import-graph.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Relative specifiers a file imports: static, side-effect, re-export and dynamic imports (type-only included). */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"\n]+)['"]/g)) out.push(m[1]!);
  return out;
}

export type Graph = Map<string, string[]>;

/** Every strongly connected component with more than one file, or a file importing itself: the import cycles. */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return found;
}

/** Layers that must not import from others: a file under `from` importing one under any of `to` breaks the rule. */
export interface LayerRule {
  from: string;
  to: readonly string[];
}

export function layerViolations(graph: Graph, rules: readonly LayerRule[]): string[] {
  const under = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);
  const out: string[] = [];
  for (const [file, imports] of graph) {
    for (const rule of rules) {
      if (!under(file, rule.from)) continue;
      for (const target of imports) if (rule.to.some((d) => under(target, d))) out.push(`${file} -> ${target}`);
    }
  }
  return out.sort();
}

/** The graph of folders: an edge from a file's folder to each imported file's folder (a folder's own files left out). */
export function folderGraph(graph: Graph): Graph {
  const folders: Graph = new Map();
  for (const [file, imports] of graph) {
    const from = path.posix.dirname(file);
    const edges = folders.get(from) ?? [];
    for (const target of imports) {
      const to = path.posix.dirname(target);
      if (to !== from && !edges.includes(to)) edges.push(to);
    }
    folders.set(from, edges);
  }
  return folders;
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(root, rel);
    return /\.(ts|svelte)$/.test(e.name) ? [rel] : [];
  });
}

/** The import graph of the files under `dirs` (relative to `root`), edges to files that exist, as root-relative paths. */
export function importGraph(root: string, dirs: readonly string[]): Graph {
  const files = dirs.flatMap((d) => sourceFiles(root, d));
  const known = new Set(files);
  const graph: Graph = new Map();
  for (const file of files) {
    const targets = importSpecifiers(readFileSync(path.join(root, file), 'utf8'))
      .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)))
      .filter((t) => known.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}
