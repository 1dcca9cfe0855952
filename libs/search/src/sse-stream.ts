// One server-sent-events response as logsieve serves them: the headers, a reconnect delay,
// heartbeat comments while idle, a time limit, and an `end` event saying why whenever the
// server ends the stream, so no client is left with a stream that stopped silently.
import type { Response } from 'express';
import { drainedOrClosed } from './drained';
import { sseComment, sseEvent } from './sse';

export interface SseLimits {
  heartbeatSeconds: number;
  maxSeconds: number;
}

export class SseStream {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly closeHandlers: Array<() => void> = [];
  private closed = false;

  constructor(private readonly res: Response) {}

  /** Sends the headers and starts the heartbeat and the time limit (`onLimit` names what to reconnect with). */
  open({ heartbeatSeconds, maxSeconds }: SseLimits, onLimit: string): void {
    this.res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    this.res.flushHeaders();
    this.write('retry: 2000\n\n');
    this.res.on('close', () => this.close());
    this.timers.push(
      setInterval(() => this.write(sseComment(`heartbeat ${new Date().toISOString()}`)), heartbeatSeconds * 1000),
      setTimeout(() => this.end(`the stream reached its ${maxSeconds} s limit; ${onLimit}`), maxSeconds * 1000),
    );
  }

  send(event: string, data: unknown, id?: string): void {
    this.write(sseEvent(event, data, id));
  }

  /** Bytes written but not yet taken by the client. */
  get buffered(): number {
    return this.res.writableLength;
  }

  /** Resolves once the client has taken what was written (true), or the stream closed (false). */
  drained(): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : drainedOrClosed(this.res);
  }

  /** Ends the stream with an `end` event saying why. */
  end(reason: string): void {
    if (this.closed) return;
    this.send('end', { reason });
    this.close();
    this.res.end();
  }

  /** Called once, when the stream ends for any reason (the client went away included). */
  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  private write(chunk: string): void {
    if (!this.closed && !this.res.writableEnded) this.res.write(chunk);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const handler of this.closeHandlers) handler();
  }
}
