import { describe, expect, it } from 'vitest';
import { emulationFromQuery } from '../../src/shared/emulation.ts';
import { planFromQuery } from '../../src/shared/run-plan.ts';
import { benchPageQuery, modelArg, parseBenchArgs } from './args.ts';

describe('bench CLI options', () => {
  it('tells catalog ids, paths and URLs apart', () => {
    expect(modelArg('tierlab/tiny-code-encoder')).toEqual({ kind: 'catalog', id: 'tierlab/tiny-code-encoder' });
    expect(modelArg('./m.onnx')).toEqual({ kind: 'path', path: './m.onnx' });
    expect(modelArg('models/x/model.onnx')).toEqual({ kind: 'path', path: 'models/x/model.onnx' });
    expect(modelArg('https://h.example/m.onnx')).toEqual({ kind: 'url', url: 'https://h.example/m.onnx' });
  });

  it('reads the plan options into a validated plan', () => {
    const o = parseBenchArgs(
      '--model tierlab/tiny-code-encoder --variant int8 --backend wasm --batches 1,2,4 --seq 32 --threads 2 --out r.json'.split(
        ' ',
      ),
    )!;
    expect(o.plan).toMatchObject({
      model: { kind: 'catalog', id: 'tierlab/tiny-code-encoder', dtype: 'int8' },
      backend: 'wasm',
      batches: [1, 2, 4],
      seq: 32,
      threads: 2,
    });
    expect(o).toMatchObject({ cpuThrottle: 1, network: null, swiftshader: false, timeoutS: 900, out: 'r.json' });
  });

  it('asks for a profiled pass with --profile, and writes the raw trace only with it', () => {
    const o = parseBenchArgs(['--model', 'x', '--profile', '--trace', 't.json'])!;
    expect(o.plan.profile).toBe(true);
    expect(o.trace).toBe('t.json');
    expect(benchPageQuery(o, o.plan.model, false)).toContain('profile=1');
    expect(parseBenchArgs(['--model', 'x'])!.plan.profile).toBeUndefined();
    expect(() => parseBenchArgs(['--model', 'x', '--trace', 't.json'])).toThrow(/--trace needs --profile/);
  });

  it('returns null for --help and explains bad options', () => {
    expect(parseBenchArgs(['--help'])).toBeNull();
    expect(() => parseBenchArgs([])).toThrow(/--model is required/);
    expect(() => parseBenchArgs(['--model', 'x', '--bogus'])).toThrow(/bogus/);
    expect(() => parseBenchArgs(['--model', 'x', '--backend', 'tpu'])).toThrow(/backend "tpu"/);
    expect(() => parseBenchArgs(['--model', 'x', '--batches', '1,0'])).toThrow(/batch size "0"/);
    expect(() => parseBenchArgs(['--model', 'x', '--cpu-throttle', '0.5'])).toThrow(
      /--cpu-throttle must be a number from 1 to 20/,
    );
    expect(() => parseBenchArgs(['--model', 'x', '--network', '5g'])).toThrow(/--network must be one of 3g, 4g, wifi/);
    expect(() => parseBenchArgs(['--model', 'x', '--timeout', '-1'])).toThrow(/--timeout/);
    // Plan fields are named by the option that sets them.
    expect(() => parseBenchArgs(['--model', 'x', '--variant', 'fp8'])).toThrow(/^--variant: /);
    expect(() => parseBenchArgs(['--model', 'x', '--lang', 'cobol'])).toThrow(/^--lang: /);
    expect(() => parseBenchArgs(['--model', 'x', '--runtime', 'tfjs'])).toThrow(/^--runtime: /);
    expect(() => parseBenchArgs(['--model', 'x', '--seq', '1.5'])).toThrow(/--seq must be a whole number/);
  });

  it('keeps a local model file as a file until the CLI serves it, with no placeholder URL', () => {
    const o = parseBenchArgs(['--model', './models/m.onnx', '--tokens', '8'])!;
    expect(o.plan.model).toEqual({ kind: 'file', name: './models/m.onnx' });
    expect(o.plan.generation).toEqual({ newTokens: 8, decoding: 'greedy' });
    const served = benchPageQuery(o, { kind: 'url', url: 'http://127.0.0.1:5000/local/m.onnx' }, false);
    expect(planFromQuery(served).model).toEqual({ kind: 'url', url: 'http://127.0.0.1:5000/local/m.onnx' });
  });

  it('builds the share link with autorun and the declared emulation', () => {
    const o = parseBenchArgs([
      '--model',
      'tierlab/tiny-code-encoder',
      '--batches',
      '1,2',
      '--cpu-throttle',
      '4',
      '--network',
      '3g',
    ])!;
    const query = benchPageQuery(o, o.plan.model, true);
    const q = new URLSearchParams(query);
    expect(q.get('autorun')).toBe('1');
    expect(planFromQuery(q)).toEqual(o.plan);
    expect(emulationFromQuery(q)).toMatchObject({ cpuThrottle: 4, network: { profile: '3g' }, webgpuSwiftShader: true });
    const plain = parseBenchArgs(['--model', 'tierlab/tiny-code-encoder'])!;
    expect(emulationFromQuery(benchPageQuery(plain, plain.plan.model, false))).toBeNull();
  });
});

describe('bench CLI endurance options', () => {
  it('puts an endurance series in the plan and the share link, and lengthens the timeout', () => {
    const o = parseBenchArgs('--model tierlab/tiny-code-encoder --batches 1,4 --endurance 600 --then idle'.split(' '))!;
    expect(o.plan.endurance).toEqual({ seconds: 600, windowSeconds: 30, batch: 4, then: 'idle' });
    expect(o.timeoutS).toBe(900 + 1200);
    const q = new URLSearchParams(benchPageQuery(o, o.plan.model, false));
    expect([q.get('endurance'), q.get('endbatch'), q.get('then'), q.get('autorun')]).toEqual(['600', '4', 'idle', '1']);
  });

  it('explains endurance options it cannot use', () => {
    expect(() => parseBenchArgs('--model m --batches 1,2 --endurance 60 --endurance-batch 8'.split(' '))).toThrow(
      /--endurance-batch 8 must be one of the batch sizes/,
    );
    expect(() => parseBenchArgs('--model m --endurance 5'.split(' '))).toThrow(/--endurance/);
    expect(() => parseBenchArgs('--model m --endurance 60 --then nap'.split(' '))).toThrow(/--then/);
    expect(() => parseBenchArgs('--model m --window 5'.split(' '))).toThrow(/need --endurance/);
    expect(() => parseBenchArgs('--model m --batches 1,2 --endurance 60 --then batch:4'.split(' '))).toThrow(
      /--then batch:4 must name one/,
    );
    expect(parseBenchArgs('--model m --batches 1,2 --endurance 60 --then batch:1'.split(' '))?.plan.endurance).toMatchObject({
      then: 'batch',
      thenBatch: 1,
      batch: 2,
    });
  });
});
