import { LogSource } from '@app/logs';
import { deflateSync, gzipSync } from 'node:zlib';
import { IngestError } from '../ingest-error';
import { inflateByMagic, parseGelf } from './gelf-http';
import { thrown } from '../thrown.spec-helper';

const minuteAgo = Math.floor(Date.now() / 1000) - 60;
const message = { version: '1.1', host: 'web-1', short_message: 'payment retry', full_message: 'trace', timestamp: minuteAgo + 0.5, level: 4, _service: 'checkout', _user: 'jane' };
const failure = (fn: () => unknown) => thrown(fn, IngestError);

describe('inflateByMagic', () => {
  const body = Buffer.from(JSON.stringify(message));

  it('inflates gzip and zlib by their first bytes, and leaves anything else as it is', () => {
    expect(inflateByMagic(gzipSync(body), 1e6)).toEqual(body);
    expect(inflateByMagic(deflateSync(body), 1e6)).toEqual(body);
    expect(inflateByMagic(body, 1e6)).toBe(body);
  });

  it('reads compression only from a whole magic number', () => {
    for (const bytes of [[0x1f], [0x00, 0x8b, 0x01], [0x1f, 0x00, 0x01], [0x78, 0x00, 0x01], [0x79, 0x9c, 0x01], [0x78]]) {
      const plain = Buffer.from(bytes);
      expect(inflateByMagic(plain, 1e6)).toBe(plain);
    }
    // 0x08 0x1d: deflate method, header checksum right: zlib, and not valid past it.
    expect(failure(() => inflateByMagic(Buffer.from([0x08, 0x1d, 0x01]), 1e6)).message).toBe('Request body is not valid gzip or zlib data');
  });

  it('refuses a body that inflates past the limit (413) or is corrupt (400)', () => {
    expect(failure(() => inflateByMagic(gzipSync(Buffer.alloc(100_000)), 10_000)).status).toBe(413);
    expect(failure(() => inflateByMagic(deflateSync(Buffer.alloc(100_000)), 10_000)).status).toBe(413);
    const corrupt = gzipSync(body).subarray(0, 12);
    expect(failure(() => inflateByMagic(corrupt, 1e6)).status).toBe(400);
  });
});

describe('parseGelf', () => {
  it("maps a GELF message through the GELF shape: _service, the syslog level, additional fields", () => {
    const { logs, single } = parseGelf(Buffer.from(JSON.stringify(message)), 100);
    expect(single).toBe(true);
    expect(logs).toEqual([
      {
        source: LogSource.Gelf,
        content: { message: 'payment retry', attributes: { version: '1.1', host: 'web-1', full_message: 'trace', level: 4, service: 'checkout', user: 'jane' }, level: 'warn', service: 'checkout' },
        timestamp: new Date((minuteAgo + 0.5) * 1000),
      },
    ]);
  });

  it('takes one message a line, refusing bad ones alone', () => {
    const body = [JSON.stringify(message), '{"host":"x"}', 'not json', JSON.stringify({ ...message, short_message: 'second' })].join('\n');
    const { logs, rejected, single } = parseGelf(Buffer.from(body), 100);
    expect(single).toBe(false);
    expect(logs.map((log) => log.content.message)).toEqual(['payment retry', 'second']);
    expect(rejected).toEqual([
      { index: 1, reason: 'a GELF message needs a non-empty "short_message"' },
      { index: 2, reason: 'a GELF message must be JSON' },
    ]);
  });

  it('skips blank lines, takes the batch limit exactly, and names why when every message is refused', () => {
    const line = JSON.stringify(message);
    expect(parseGelf(Buffer.from(`${line}\n   \n${line}\n`), 2).logs).toHaveLength(2);
    const over = failure(() => parseGelf(Buffer.from(`${line}\n${line}\n${line}`), 2));
    expect([over.status, over.message]).toEqual([413, 'The request holds 3 messages; the limit is 2']);
    const none = failure(() => parseGelf(Buffer.from('{"host":"a"}\n{"short_message":7}'), 10));
    expect([none.status, none.message, none.errors]).toEqual([
      400,
      'No message in the request is valid',
      [
        { index: 0, reason: 'a GELF message needs a non-empty "short_message"' },
        { index: 1, reason: 'a GELF message needs a non-empty "short_message"' },
      ],
    ]);
    expect(failure(() => parseGelf(Buffer.from('{"short_message":"  "}'), 10)).errors).toBeUndefined();
    const deep = '{"short_message":"x","a":' + '['.repeat(100) + ']'.repeat(100) + '}';
    expect(failure(() => parseGelf(Buffer.from(deep), 10)).message).toMatch(/^a GELF message nests JSON more than \d+ levels deep$/);
  });

  it.each([
    ['an empty body', '', /empty/],
    ['no short_message', '{"host":"x"}', /needs a non-empty "short_message"/],
    ['a JSON array', '[1]', /must be a JSON object/],
  ])('refuses %s', (_, body, reason) => {
    const error = failure(() => parseGelf(Buffer.from(body), 100));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(reason);
  });
});
