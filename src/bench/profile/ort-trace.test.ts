import { describe, expect, it } from 'vitest';
import { layersOf, modelRuns, parseOrtTrace, profileBatches, profileGenerations } from './ort-trace.ts';

const event = (o: Record<string, unknown>) => JSON.stringify({ ph: 'X', pid: 1, tid: 1, args: {}, ...o });
const run = (ts: number, dur: number) => event({ cat: 'Session', name: 'model_run', ts, dur });
const kernel = (name: string, ts: number, dur: number, op = 'MatMul', provider = 'CPUExecutionProvider') =>
  event({
    cat: 'Node',
    name: `${name}_kernel_time`,
    ts,
    dur,
    args: { op_name: op, provider, input_type_shape: [{ float: [2, 3] }, { int64: [] }] },
  });

describe('parseOrtTrace', () => {
  it('reads one event a line with or without its comma, and skips brackets, other output and broken events', () => {
    const events = parseOrtTrace([
      '[',
      `${run(0, 10)},`,
      'some warning the runtime printed meanwhile',
      '{"cat": "Node", "name": "x", "ph": "X", "ts": 1}',
      `${event({ cat: 'Node', name: 'neg', ts: 1, dur: -1 })},`,
      `${event({ cat: 'Node', name: 'b', ts: 1, dur: 2, ph: 'B' })},`,
      '{not json',
      kernel('n1', 1, 5),
      ']',
    ]);
    expect(events.map((e) => e.name)).toEqual(['model_run', 'n1_kernel_time']);
  });

  it('orders model runs by their start', () => {
    expect(modelRuns(parseOrtTrace([run(50, 5), run(10, 5)])).map((e) => e.ts)).toEqual([10, 50]);
  });
});

describe('profileBatches', () => {
  const lines = [
    run(0, 100), // a warm-up run of batch 1
    kernel('a', 1, 40),
    run(200, 100),
    kernel('a', 201, 30),
    kernel('loop_body', 240, 5, 'Add'),
    kernel('loop_body', 250, 7, 'Add'),
    run(400, 100),
    kernel('a', 401, 50),
    kernel('loop_body', 460, 1, 'Add'),
  ];

  it('cuts runs per batch size, sums a node run twice in one run, and converts µs to ms', () => {
    const [b] = profileBatches(parseOrtTrace(lines), [{ batchSize: 1, warmupRuns: 1, wallMs: [0.2, 0.3] }], new Map());
    expect(b?.runMs).toEqual([0.1, 0.1]);
    expect(b?.nodes.map((n) => [n.name, n.ms])).toEqual([
      ['a', [0.03, 0.05]],
      ['loop_body', [0.012, 0.001]],
    ]);
    expect(b?.nodes[0]).toMatchObject({
      op: 'MatMul',
      provider: 'CPUExecutionProvider',
      clock: 'cpu',
      inputShapes: ['float[2,3]', 'int64[]'],
    });
  });

  it('refuses a trace with fewer runs than were made', () => {
    expect(() => profileBatches(parseOrtTrace(lines), [{ batchSize: 1, warmupRuns: 1, wallMs: [1, 1, 1] }], new Map())).toThrow(
      /recorded 3 runs of the 4 made/,
    );
  });
});

describe('layersOf', () => {
  const layers = new Map<string, number | null>([
    ['n_MatMul_1', 0],
    ['n_MatMul_9', 1],
    ['n_Gemm_20', null],
  ]);
  it('finds a node by its name, by the node a fusion was named after, or else takes the layer of the node before', () => {
    expect(
      layersOf(
        ['n_MatMul_1', 'BiasGelu_token_0', 'fused n_MatMul_9/MatMulAddFusion', 'n_MatMul_9/MatMulScaleFusion/', 'n_Gemm_20', 'x'],
        layers,
      ),
    ).toEqual([0, 0, 1, 1, null, null]);
  });
  it('starts outside every layer when the first node is unknown', () => {
    expect(layersOf(['mystery', 'n_MatMul_9'], layers)).toEqual([null, 1]);
  });
});

describe('profileGenerations', () => {
  // Two generate() calls of three steps each: one unrecorded, one recorded. Each step has one kernel.
  const lines = [
    run(0, 30),
    kernel('k', 1, 20),
    run(40, 10),
    kernel('k', 41, 5),
    run(60, 10),
    kernel('k', 61, 5),
    run(100, 40),
    kernel('k', 101, 30),
    run(150, 10),
    kernel('k', 151, 6),
    run(170, 10),
    kernel('k', 171, 7),
  ];
  const plan = [{ batchSize: 2, warmupRuns: 1, wallMs: [0.2], firstTokenMs: [0.05], steps: 3 }];

  it('splits each recorded call into its prefill step and its decode steps, summed', () => {
    const [prefill, decode] = profileGenerations(parseOrtTrace(lines), plan, new Map());
    expect(prefill).toMatchObject({ batchSize: 2, phase: 'prefill', runMs: [0.04] });
    expect(prefill?.wallMs).toEqual([0.05]);
    expect(prefill?.nodes.map((n) => n.ms)).toEqual([[0.03]]);
    expect(decode).toMatchObject({ batchSize: 2, phase: 'decode', runMs: [0.02] });
    expect(decode?.wallMs[0]).toBeCloseTo(0.15, 12);
    expect(decode?.nodes[0]?.ms[0]).toBeCloseTo(0.013, 12);
  });

  it('refuses a trace whose runs do not add up to the calls made', () => {
    expect(() => profileGenerations(parseOrtTrace(lines), [{ ...plan[0]!, steps: 4 }], new Map())).toThrow(
      /recorded 6 runs where the generate\(\) calls made 8/,
    );
  });
});
