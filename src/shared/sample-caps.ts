// How many samples a timed run keeps (any thread): the sampling protocol stops at these, and a result's schema refuses
// more.

/** Most samples one batch size keeps: a model faster than the timer's resolution could otherwise sample for its whole
 *  time cap and never reach the target interval (ties at the timer's ticks keep the interval a whole tick wide). */
export const MAX_SAMPLES_PER_POINT = 20000;
/** Most warm-up runs kept per batch size, for the same reason. */
export const MAX_WARMUP_RUNS = 5000;
