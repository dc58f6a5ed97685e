// Error classes with fixed names shared by app, workers and server; comlink carries name and message, so branch on name.

/** Base class: `name` is stable and safe to branch on across the worker boundary. */
export class TierLabError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The model file could not be fetched (network error, 404, CORS). */
export class ModelFetchError extends TierLabError {
  constructor(message: string) {
    super('ModelFetchError', message);
  }
}

/** The bytes are not an ONNX model. */
export class NotOnnxError extends TierLabError {
  constructor(message: string) {
    super('NotOnnxError', message);
  }
}

/** A tensor of an ONNX file whose values cannot be read or rewritten: external data, strings, a bad encoding. */
export class TensorDataError extends TierLabError {
  constructor(message: string) {
    super('TensorDataError', message);
  }
}

/** onnxruntime-web refused the model (bad graph, unsupported operator, out of memory). */
export class SessionCreateError extends TierLabError {
  constructor(message: string) {
    super('SessionCreateError', message);
  }
}

/** A model input cannot be filled with synthetic or tokenized data. */
export class InputSynthesisError extends TierLabError {
  constructor(message: string) {
    super('InputSynthesisError', message);
  }
}

/** WebGPU was requested but no adapter or device could be had. */
export class WebGpuUnavailableError extends TierLabError {
  constructor(message: string) {
    super('WebGpuUnavailableError', message);
  }
}

/** The GPU adapter lacks a feature the model needs (shader-f16 for a float16 graph): refused before anything is timed. */
export class AdapterFeatureError extends TierLabError {
  constructor(message: string) {
    super('AdapterFeatureError', message);
  }
}

/** The GPU device was lost during the run. */
export class DeviceLostError extends TierLabError {
  constructor(message: string) {
    super('DeviceLostError', message);
  }
}

/** An inference call failed mid-run. */
export class InferenceError extends TierLabError {
  constructor(message: string) {
    super('InferenceError', message);
  }
}

/** The model would not fit this device's memory or the runtime's limits; refused before downloading. */
export class ModelTooLargeError extends TierLabError {
  constructor(message: string) {
    super('ModelTooLargeError', message);
  }
}

/** A run plan or share link is invalid. */
export class PlanError extends TierLabError {
  constructor(message: string) {
    super('PlanError', message);
  }
}

/** The Python sandbox could not start or stopped answering (not a program's outcome: the sandbox itself). */
export class SandboxError extends TierLabError {
  constructor(message: string) {
    super('SandboxError', message);
  }
}

/** A file, dataset page or answer is not in the shape TierLab reads (a result, a room recording, dataset rows, the catalog). */
export class DataFormatError extends TierLabError {
  constructor(message: string) {
    super('DataFormatError', message);
  }
}

/** A file offered as the open data set is not one: wrong header, a bad cell (named by line and column). */
export class DatasetFormatError extends TierLabError {
  constructor(message: string) {
    super('DatasetFormatError', message);
  }
}

/** The person declined a large download on a metered or slow connection. */
export class DownloadDeclinedError extends TierLabError {
  constructor(message: string) {
    super('DownloadDeclinedError', message);
  }
}

/** The person cancelled the run (the worker was terminated); not a failure. */
export class CancelledError extends TierLabError {
  constructor() {
    super('CancelledError', 'the run was cancelled');
  }
}

/** A model the operators lab cannot rewrite, with the reason in words. */
export class OperatorError extends TierLabError {
  constructor(message: string) {
    super('OperatorError', message);
  }
}

/** Why a model cannot be split into tiers, when the reason is its kind rather than a missing layer boundary. */
export class SplitRefusal extends TierLabError {
  constructor(message: string) {
    super('SplitRefusal', message);
  }
}

/** The onnxruntime-web build a worker asked for cannot be loaded in it. */
export class OrtBuildError extends TierLabError {
  constructor(message: string) {
    super('OrtBuildError', message);
  }
}

/** The sandbox's interpreters keep dying before they start: no program can be run safely. */
export class SandboxBrokenError extends TierLabError {
  constructor(message: string) {
    super('SandboxBrokenError', message);
  }
}

/** A read from the results service failed; the message says how. */
export class ResultsApiError extends TierLabError {
  constructor(message: string) {
    super('ResultsApiError', message);
  }
}

/** A dataset could not be read; the message says which request and why. */
export class DatasetError extends TierLabError {
  constructor(message: string) {
    super('DatasetError', message);
  }
}

/** A submitted result whose figures do not follow from its samples. */
export class VerificationError extends TierLabError {
  constructor(
    /** Dotted path of the first field that does not follow from the samples. */
    readonly field: string,
    message: string,
  ) {
    super('VerificationError', message);
  }
}

/** A server's data folder that cannot be used (locked by another server, unreadable, from a newer version). */
export class DataFolderError extends TierLabError {
  constructor(message: string) {
    super('DataFolderError', message);
  }
}

/** HTTP statuses the servers answer a refused request with. */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/** A request the server refuses; server/http/http-errors.ts turns it into the answer `{ error: message }`. */
export class HttpError extends TierLabError {
  constructor(
    readonly status: HttpStatus,
    message: string,
    name = 'HttpError',
  ) {
    super(name, message);
  }
}

/** A result submission the server refuses: bad body, bad key, figures that do not follow from the samples. */
export class SubmissionError extends HttpError {
  constructor(status: 400 | 409 | 413 | 422, message: string) {
    super(status, message, 'SubmissionError');
  }
}

/** The room is closed or unknown: nothing more can be appended. */
export class RoomStateError extends HttpError {
  constructor(status: 404 | 409, message: string) {
    super(status, message, 'RoomStateError');
  }
}

/** Message of any thrown value, for display; keeps the error name when it is one of ours. */
export function describeError(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name || 'Error', message: err.message };
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const e = err as { name?: unknown; message: unknown };
    return { name: typeof e.name === 'string' ? e.name : 'Error', message: String(e.message) };
  }
  return { name: 'Error', message: String(err) };
}

/** A battery drain that cannot be had from the readings (charging in the span, a rising level, no reading yet). */
export class DrainError extends TierLabError {
  constructor(message: string) {
    super('DrainError', message);
  }
}
