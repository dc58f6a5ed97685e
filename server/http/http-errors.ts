// The one place the server turns a refused request into an answer (Node, server): an HttpError from
// src/shared/errors.ts (SubmissionError and RoomStateError are kinds of it) becomes `{ error: message }` with its
// status; anything else is a bug and goes on to Hono's 500 handler.
import type { Context } from 'hono';
import { HttpError } from '../../src/shared/errors.ts';

/** Hono's onError for every API: the refusal's status and message, or a rethrow for a real failure. */
export function answerRefusal(err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json({ error: err.message }, err.status);
  throw err;
}
