// JSON log lines: one object a line with the level, the Nest context and, inside a request, its id.
import { Writable } from 'node:stream';
import { JsonLogger, requestContext } from './app-logger';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('JsonLogger', () => {
  it('writes one JSON object a line, with the request id of the request being served', () => {
    const { stream, lines } = capture();
    const logger = new JsonLogger('log', 'api', stream);
    logger.log('listening', 'Bootstrap');
    requestContext.run({ requestId: 'req-1' }, () => logger.warn('job not enqueued', 'RedactLogsProducer'));
    logger.debug('not at this level', 'X');
    logger.error(new TypeError('boom'), 'HttpError');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', role: 'api', context: 'Bootstrap', msg: 'listening', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
      expect.objectContaining({ level: 'warn', context: 'RedactLogsProducer', requestId: 'req-1', msg: 'job not enqueued' }),
      expect.objectContaining({ level: 'error', context: 'HttpError', msg: 'boom', err: { type: 'TypeError' } }),
    ]);
    expect(lines()[0]).not.toHaveProperty('requestId');
  });
});
