// Waits until the page has applied and painted what just changed (main thread), so the worker can start its next
// timed visit on a page that has nothing left to do. Frames stop in a hidden tab, so a timeout ends the wait there.
import { tick } from 'svelte';

/** Resolves after Svelte's pending updates and the next painted frame, or after `maxMs` without frames. */
export async function settled(maxMs = 100): Promise<void> {
  await tick();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    requestAnimationFrame(() =>
      // The frame callback runs before paint; the task after it runs once the frame is out.
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}
