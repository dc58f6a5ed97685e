// Reading untrusted data with a schema (runs everywhere, pure): one way to refuse it, naming the first problem.
import * as v from 'valibot';
import { DataFormatError } from './errors.ts';

/** `input` as `schema` describes it, or a DataFormatError: "`what`: field.path: reason". */
export function parseData<S extends v.GenericSchema>(schema: S, input: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new DataFormatError(`${what}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  return parsed.output;
}
