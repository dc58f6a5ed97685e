import { describe, expect, it } from 'vitest';
import { InputSynthesisError, OperatorError, SessionCreateError } from '../../shared/errors.ts';
import { rowError } from './row-error.ts';

describe('what a lab row says when a variant fails', () => {
  it("keeps TierLab's refusals as they are", () => {
    expect(rowError(new OperatorError('dynamic int8 needs opset 11 or later'))).toEqual({
      name: 'OperatorError',
      message: 'dynamic int8 needs opset 11 or later',
    });
    const e = new InputSynthesisError('input "x" has shape [1, 4]: Set Batch sizes to 1');
    expect(rowError(e)).toEqual({ name: 'InputSynthesisError', message: e.message });
  });

  it("keeps onnxruntime's own words out of the row, in detail", () => {
    const raw = new Error(
      "Non-zero status code returned while running Gather node. Name:'/wpe/Gather' Status Message: indices element out of data bounds, idx=8 must be within the inclusive range [-8,7]",
    );
    const r = rowError(raw);
    expect(r.name).toBe('VariantRunError');
    expect(r.message).toMatch(/^onnxruntime could not run this variant/);
    expect(r.message).not.toMatch(/Gather|status/i);
    expect(r.detail).toContain('indices element out of data bounds');
    const load = rowError(
      new SessionCreateError('onnxruntime-web could not load the model: No Op registered for DynamicQuantizeLinear'),
    );
    expect(load.message).toMatch(/^onnxruntime could not load this variant/);
    expect(load.detail).toContain('No Op registered');
  });
});
