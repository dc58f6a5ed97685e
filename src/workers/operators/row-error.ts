// What a lab row says when a variant could not be built or run (pure; inference worker): TierLab's own refusals
// keep their sentence; onnxruntime's and protobuf's own words (a Gather node's status code, an op not registered,
// a stack) never reach the row. They become a sentence naming the step, and stay in `detail` for the export.
import { InferenceError, OperatorError, SessionCreateError, TierLabError, describeError } from '../../shared/errors.ts';

export interface RowError {
  name: string;
  message: string;
  /** The runtime's own message, for the export and bug reports; never shown in the row. */
  detail?: string;
}

/** Text that is onnxruntime's or the JS engine's, not ours. */
const RAW = /onnxruntime|ORT_|ONNXRuntimeError|Non-zero status|status code|No Op registered|protobuf|\bat \w+ \(|\n/i;

export function rowError(err: unknown): RowError {
  const { name, message } = describeError(err);
  const ours =
    err instanceof OperatorError ||
    (err instanceof TierLabError && !(err instanceof SessionCreateError) && !(err instanceof InferenceError));
  if (ours && !RAW.test(message)) return { name, message };
  const step = err instanceof SessionCreateError ? 'load' : 'run';
  return {
    name: err instanceof SessionCreateError ? 'SessionCreateError' : 'VariantRunError',
    message:
      `onnxruntime could not ${step} this variant (an operator may have written a graph it does not accept); ` +
      `download the .onnx and the export to see its own message`,
    detail: `${name}: ${message}`.slice(0, 2000),
  };
}
