import { describe, expect, it, vi } from 'vitest';
import { CancelledError, PlanError } from '../../shared/errors.ts';
import { outcomeOf, RunSession } from './run-session.ts';

describe('run session', () => {
  it('says how a thrown run ends', () => {
    expect(outcomeOf(new CancelledError())).toEqual({ status: 'cancelled' });
    expect(outcomeOf(new PlanError('batch sizes must be positive'))).toEqual({
      status: 'error',
      error: { name: 'PlanError', message: 'batch sizes must be positive' },
    });
    expect(outcomeOf('boom')).toEqual({ status: 'error', error: { name: 'Error', message: 'boom' } });
  });

  it('runs a body on its client and drops the worker only after an error', async () => {
    const cancel = vi.fn();
    const session = new RunSession({ cancel });
    expect(await session.run(async (client) => expect(client).toBe(session.client))).toEqual({ status: 'done' });
    expect(
      await session.run(async () => {
        throw new CancelledError();
      }),
    ).toEqual({ status: 'cancelled' });
    expect(cancel).not.toHaveBeenCalled();
    const failed = await session.run(async () => {
      throw new Error('the inference worker crashed');
    });
    expect(failed).toEqual({ status: 'error', error: { name: 'Error', message: 'the inference worker crashed' } });
    expect(cancel).toHaveBeenCalledTimes(1);
  });
});
