// Waiting for a slow client without being left behind by a gone one: `drain` never comes to a
// response whose client disconnected, so every wait watches `close` too.
import type { Writable } from 'node:stream';

/** Resolves true once `out` can take more, false if it closed first (or already had). */
export function drainedOrClosed(out: Writable): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  if (!out.writableNeedDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/** A signal aborted when the response closes before it finished (the client left): reads stop between chunks. */
export function abortedOnClose(out: Writable): AbortSignal {
  const controller = new AbortController();
  out.once('close', () => {
    if (!out.writableFinished) controller.abort();
  });
  return controller.signal;
}
