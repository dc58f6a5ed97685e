// What the graph says about its inputs (pure; inference worker): the tables each integer input indexes (through
// Cast/Reshape/Unsqueeze/Flatten...), the position table, and which float masks are added to attention scores.
import { readGraph, type GraphView, type NodeView } from '../onnx/inspect.ts';

/** A lookup table an input indexes: the initializer and its row count. */
export interface TableUse {
  table: string;
  rows: number;
}

export interface GraphFacts {
  /** Every table each integer input indexes through a Gather, possibly after ops that keep the values. */
  tables: Map<string, TableUse[]>;
  /** The smallest learned position table (rows = the longest sequence the model can place), or null. */
  positionTable: TableUse | null;
  /** Float mask inputs that the graph adds to scores as they are (0 keeps, a large negative drops). */
  additiveMasks: Set<string>;
}

/** Ops that pass index values through unchanged (shape or type aside). */
const VALUE_PRESERVING = new Set(['Cast', 'Reshape', 'Unsqueeze', 'Squeeze', 'Flatten', 'Identity', 'Expand', 'Transpose']);

export const NO_FACTS: GraphFacts = { tables: new Map(), positionTable: null, additiveMasks: new Set() };

function consumersOf(view: GraphView): Map<string, NodeView[]> {
  const out = new Map<string, NodeView[]>();
  for (const n of view.nodes)
    for (const i of n.inputs) {
      const list = out.get(i) ?? [];
      list.push(n);
      out.set(i, list);
    }
  return out;
}

/** The initializer behind `tensor`, following value-preserving ops and dequantization back from the table side. */
function initializerBehind(view: GraphView, producers: Map<string, NodeView>, tensor: string): string | null {
  let t = tensor;
  for (let hops = 0; hops < 8; hops++) {
    if (view.initializers.has(t)) return t;
    const p = producers.get(t);
    if (!p || !(VALUE_PRESERVING.has(p.op) || p.op === 'DequantizeLinear')) return null;
    t = p.inputs[0] as string;
  }
  return null;
}

/** Tensors carrying `input`'s values: the input and what value-preserving ops make of it. */
function carriers(consumers: Map<string, NodeView[]>, input: string): Set<string> {
  const seen = new Set([input]);
  const stack = [input];
  while (stack.length) {
    const t = stack.pop() as string;
    for (const n of consumers.get(t) ?? []) {
      if (!VALUE_PRESERVING.has(n.op) || n.inputs[0] !== t) continue;
      for (const o of n.outputs) {
        if (seen.has(o)) continue;
        seen.add(o);
        stack.push(o);
      }
    }
  }
  return seen;
}

/** Ops through which in-graph positions flow (an offset added, a mask's running count shifted by one). */
const POSITION_ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Mod', 'Where', 'Clip', 'Max', 'Min']);

/**
 * Whether `tensor` is built by the graph itself from a Range (0…sequence, GPT-2 exports) or a CumSum (a running count
 * of the mask, newer exports), through value-preserving ops and position arithmetic: the indices of a position table.
 */
function builtPositions(producers: Map<string, NodeView>, tensor: string): boolean {
  const stack: [string, number][] = [[tensor, 0]];
  const seen = new Set<string>();
  while (stack.length) {
    const [t, depth] = stack.pop() as [string, number];
    if (seen.has(t) || depth > 10) continue;
    seen.add(t);
    const p = producers.get(t);
    if (!p) continue;
    if (p.op === 'Range' || p.op === 'CumSum') return true;
    if (VALUE_PRESERVING.has(p.op)) stack.push([p.inputs[0] as string, depth + 1]);
    else if (POSITION_ARITHMETIC.has(p.op)) for (const i of p.inputs) stack.push([i, depth + 1]);
  }
  return false;
}

function rowsOf(view: GraphView, name: string): number | null {
  const dims = view.initializers.get(name);
  return dims && dims.length >= 1 ? (dims[0] as number) : null;
}

/** Reads the facts from a model's bytes; `inputs` are the graph inputs' names and element types. */
export function graphFacts(bytes: Uint8Array, inputs: readonly { name: string; type: string }[]): GraphFacts {
  const view = readGraph(bytes);
  const producers = new Map<string, NodeView>();
  for (const n of view.nodes) for (const o of n.outputs) producers.set(o, n);
  const consumers = consumersOf(view);
  const tables = new Map<string, TableUse[]>();
  const additiveMasks = new Set<string>();
  const positionTables: TableUse[] = [];
  for (const input of inputs) {
    const carried = carriers(consumers, input.name);
    const uses: TableUse[] = [];
    for (const t of carried)
      for (const n of consumers.get(t) ?? []) {
        if (n.op !== 'Gather' || n.inputs[1] !== t) continue;
        const table = initializerBehind(view, producers, n.inputs[0] as string);
        const rows = table ? rowsOf(view, table) : null;
        if (table && rows !== null) uses.push({ table, rows });
      }
    if (uses.length) tables.set(input.name, uses);
    if (/position/i.test(input.name)) positionTables.push(...uses);
    if (/mask/i.test(input.name) && input.type.startsWith('float') && isAdditive(carried, consumers))
      additiveMasks.add(input.name);
  }
  // Learned position tables the graph slices or gathers itself: named so (BERT-style exports without a position_ids
  // input), or whatever their name, gathered at positions the graph builds from a Range or a CumSum (GPT-2's wpe).
  for (const n of view.nodes) {
    if (n.op !== 'Gather' && n.op !== 'Slice') continue;
    const table = initializerBehind(view, producers, n.inputs[0] as string);
    // A [1, max] position_ids buffer is not a table of vectors: only [rows, width] tables count.
    const dims = table ? view.initializers.get(table) : undefined;
    if (!table || dims?.length !== 2 || (dims[0] as number) < 2) continue;
    const named = /position/i.test(table) && !/_ids/i.test(table);
    const built = n.op === 'Gather' && builtPositions(producers, n.inputs[1] as string);
    if (!named && !built) continue;
    const rows = rowsOf(view, table);
    if (rows !== null) positionTables.push({ table, rows });
  }
  const positionTable = positionTables.reduce<TableUse | null>((a, b) => (a && a.rows <= b.rows ? a : b), null);
  return { tables, positionTable, additiveMasks };
}

/** A float mask is additive when its first real use is an Add; a Sub or Mul first means 1 keeps and 0 drops. */
function isAdditive(carried: Set<string>, consumers: Map<string, NodeView[]>): boolean {
  const uses = [...carried].flatMap((t) => (consumers.get(t) ?? []).filter((n) => !VALUE_PRESERVING.has(n.op)));
  return uses.length > 0 && uses.every((n) => n.op === 'Add');
}
