// The loggers' own record shapes, read without configuration, and levels normalised.
import { normaliseLevel } from './log-levels';
import { parseLogRequest } from './parse-log-request';

const one = (record: object) => {
  const { logs, rejected } = parseLogRequest('application/json', Buffer.from(JSON.stringify([record])));
  expect(rejected).toEqual([]);
  return logs[0];
};

describe('logger record shapes', () => {
  // An hour ago, to the millisecond: inside the window of event times the server takes.
  const at = Math.floor((Date.now() - 3_600_000) / 1000) * 1000 + 123;
  const iso = new Date(at).toISOString();

  it("pino's default output: msg, epoch-ms time, numeric level", () => {
    const log = one({ level: 40, time: at, pid: 7, hostname: 'web-1', msg: 'slow query', query_ms: 900 });
    expect(log.timestamp).toEqual(new Date(at));
    expect(log.content).toEqual({ message: 'slow query', level: 'warn', attributes: { level: 40, pid: 7, hostname: 'web-1', query_ms: 900 } });
  });

  it('a bunyan record: its logger name is the service', () => {
    const log = one({ name: 'billing', hostname: 'h', pid: 1, level: 50, msg: 'charge failed', time: iso, v: 0, err: { message: 'boom' } });
    expect(log.timestamp).toEqual(new Date(at));
    expect(log.content).toMatchObject({ message: 'charge failed', level: 'error', service: 'billing', attributes: { err: { message: 'boom' }, level: 50 } });
  });

  it('an ECS record: dotted keys and nested objects alike', () => {
    const log = one({ '@timestamp': iso, 'log.level': 'WARNING', message: 'login failed', 'ecs.version': '8.11.0', service: { name: 'auth' }, event: { action: 'user_login', outcome: 'failure' } });
    expect(log.timestamp).toEqual(new Date(at));
    expect(log.content).toMatchObject({ message: 'login failed', level: 'warn', service: 'auth', attributes: { 'log.level': 'WARNING', event: { action: 'user_login', outcome: 'failure' } } });
  });

  it('a GELF record: syslog level, seconds with a fraction, additional fields without their underscore', () => {
    const log = one({ version: '1.1', host: 'web-2', short_message: 'disk almost full', full_message: 'disk /var 97%', timestamp: at / 1000, level: 4, _user: 'ops', _service: 'storage' });
    expect(log.timestamp).toEqual(new Date(at));
    expect(log.content).toMatchObject({ message: 'disk almost full', level: 'warn', service: 'storage', attributes: { host: 'web-2', full_message: 'disk /var 97%', user: 'ops', level: 4 } });
  });

  it('a Docker json-file / Fluent Bit record: log, stream, time', () => {
    const log = one({ log: 'GET /health 200\n', stream: 'stdout', time: iso });
    expect(log.content).toEqual({ message: 'GET /health 200\n', attributes: { stream: 'stdout' } });
    expect(log.timestamp).toEqual(new Date(at));
  });

  it('a field sent empty or null is skipped for the next path the shape names', () => {
    // ECS reads `log.level`, then `level`; `service.name`, then `service`.
    expect(one({ '@timestamp': iso, message: 'm', 'log.level': '', level: 'error' }).content.level).toBe('error');
    expect(one({ '@timestamp': iso, message: 'm', 'log.level': null, level: 'warn' }).content.level).toBe('warn');
    expect(one({ '@timestamp': iso, message: 'm', level: 'debug', service: 'billing' }).content).toMatchObject({ level: 'debug', service: 'billing' });
  });

  it('a nested path through null, a string or an array finds nothing, and the next path is tried', () => {
    expect(one({ '@timestamp': iso, message: 'm', service: null }).content).toEqual({ message: 'm', attributes: { service: null } });
    expect(one({ '@timestamp': iso, message: 'm', log: null, level: 'warn' }).content.level).toBe('warn');
    expect(one({ '@timestamp': iso, message: 'm', service: 'billing' }).content.service).toBe('billing');
  });

  it('a record is read in a shape only when it has every field that identifies it', () => {
    // pid and hostname are two of bunyan's five: a Docker record with them is still Docker's.
    expect(one({ log: 'started', pid: 3, hostname: 'h', time: iso }).content).toEqual({ message: 'started', attributes: { pid: 3, hostname: 'h' } });
  });

  it('a shaped record without a usable message keeps its attributes and says nothing of a message', () => {
    const log = one({ msg: '', time: at, user: 'u1' });
    expect(log.content.message).toBeUndefined();
    expect(log.content.attributes).toEqual({ msg: '', user: 'u1' });
  });

  it("GELF's underscore is dropped only from additional fields whose plain name is free, never from _id or a bare _", () => {
    const log = one({ version: '1.1', host: 'h', short_message: 'm', _id: 'x1', _: 'bare', _user: 'ops', _host: 'other', level: 6 });
    expect(log.content.attributes).toEqual({ version: '1.1', host: 'h', _id: 'x1', _: 'bare', user: 'ops', _host: 'other', level: 6 });
  });

  it('outside GELF an underscore field keeps its name', () => {
    expect(one({ msg: 'm', _private: 1 }).content.attributes).toEqual({ _private: 1 });
  });

  // Every path of the shapes' table, one at a time: a path dropped or misspelt fails its row.
  it.each([
    ['GELF _service', { short_message: 'm', _service: 'a' }, 'a'],
    ['GELF _app', { short_message: 'm', _app: 'b' }, 'b'],
    ['GELF _application', { short_message: 'm', _application: 'c' }, 'c'],
    ['GELF facility', { short_message: 'm', facility: 'd' }, 'd'],
    ['bunyan name, over a service field', { msg: 'm', v: 0, name: 'e', hostname: 'h', pid: 1, service: 'not this' }, 'e'],
    ['pino service, over name', { msg: 'm', name: 'not this', service: 'f' }, 'f'],
    ['pino name', { msg: 'm', name: 'g' }, 'g'],
    ['ECS service.name nested', { '@timestamp': 'x', message: 'm', service: { name: 'h' } }, 'h'],
    ['ECS service.name dotted', { '@timestamp': 'x', message: 'm', 'service.name': 'i' }, 'i'],
    ['Docker service', { log: 'm', service: 'j', container_name: 'not this' }, 'j'],
    ['Docker container_name', { log: 'm', container_name: 'k' }, 'k'],
  ])('%s → service', (_name, record, service) => expect(one(record).content.service).toBe(service));

  it.each(['v', 'name', 'hostname', 'pid'])('a bunyan record without %s is read as pino', (field) => {
    const record: Record<string, unknown> = { msg: 'm', v: 0, name: 'bunyan-name', hostname: 'h', pid: 1, service: 'pino-service' };
    delete record[field];
    expect(one(record).content.service).toBe('pino-service');
  });

  it.each([
    ['time', { log: 'm', time: iso }],
    ['date (Fluent Bit: epoch seconds)', { log: 'm', date: at / 1000 }],
    ['@timestamp', { log: 'm', '@timestamp': iso }],
  ])('Docker and Fluent Bit time from %s', (_name, record) => expect(one(record).timestamp).toEqual(new Date(at)));

  it('levels: Docker level, ECS level when log.level is absent, bunyan numbers', () => {
    expect(one({ log: 'm', level: 'ERROR' }).content.level).toBe('error');
    expect(one({ '@timestamp': iso, message: 'm', level: 'debug' }).content.level).toBe('debug');
    expect(one({ '@timestamp': iso, message: 'm', log: { level: 'warn' } }).content.level).toBe('warn');
    expect(one({ msg: 'm', v: 0, name: 'n', hostname: 'h', pid: 1, level: 60 }).content.level).toBe('fatal');
  });

  it('keeps an unreadable time as an attribute instead of refusing the record', () => {
    const log = one({ msg: 'x', time: 'yesterday-ish' });
    expect(log.timestamp).toBeUndefined();
    expect(log.content.attributes).toEqual({ time: 'yesterday-ish' });
  });
});

describe('levels', () => {
  it.each([
    ['warning', 'warn'], ['WARN', 'warn'], ['critical', 'fatal'], ['emerg', 'fatal'], ['alert', 'fatal'], ['notice', 'info'], ['panic', 'fatal'],
    ['Information', 'info'], ['severe', 'error'], ['err', 'error'], ['INFO2', 'info'], ['audit', 'audit'], ['constructor', 'constructor'], ['toString', 'tostring'],
    [10, 'trace'], [20, 'debug'], [30, 'info'], [40, 'warn'], [50, 'error'], [60, 'fatal'],
    [0, 'fatal'], [3, 'error'], [4, 'warn'], [6, 'info'], [7, 'debug'], ['30', 'info'],
  ])('%j → %s', (sent, stored) => expect(normaliseLevel(sent)).toBe(stored));

  // The whole vocabulary, one row per word: a word dropped from the map, or mapped elsewhere, fails its row.
  it.each([
    ['trace', 'trace'], ['finest', 'trace'], ['finer', 'trace'], ['verbose', 'trace'], ['all', 'trace'],
    ['debug', 'debug'], ['dbg', 'debug'], ['fine', 'debug'], ['config', 'debug'],
    ['info', 'info'], ['information', 'info'], ['informational', 'info'], ['notice', 'info'], ['log', 'info'],
    ['warn', 'warn'], ['warning', 'warn'], ['wrn', 'warn'],
    ['error', 'error'], ['err', 'error'], ['eror', 'error'], ['severe', 'error'],
    ['fatal', 'fatal'], ['critical', 'fatal'], ['crit', 'fatal'], ['CRIT', 'fatal'], ['alert', 'fatal'], ['emerg', 'fatal'], ['emergency', 'fatal'], ['panic', 'fatal'],
  ])('the word %j → %s', (sent, stored) => expect(normaliseLevel(sent)).toBe(stored));

  it.each(Array.from({ length: 24 }, (_, i) => [i + 1, (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor(i / 4)]]))(
    'OpenTelemetry severity number %j → %s',
    (sent, stored) => expect(normaliseLevel(sent, 'otel')).toBe(stored),
  );

  it.each([[0, 'fatal'], [1, 'fatal'], [2, 'fatal'], [3, 'error'], [4, 'warn'], [5, 'info'], [6, 'info'], [7, 'debug']])('syslog severity %j → %s', (sent, stored) => {
    expect(normaliseLevel(sent, 'syslog')).toBe(stored);
    expect(normaliseLevel(sent)).toBe(stored);
  });

  it.each([[10, 'trace'], [15, 'debug'], [20, 'debug'], [25, 'info'], [30, 'info'], [35, 'warn'], [40, 'warn'], [45, 'error'], [50, 'error'], [55, 'fatal'], [60, 'fatal']])('pino/bunyan %j → %s', (sent, stored) => {
    expect(normaliseLevel(sent, 'pino')).toBe(stored);
    expect(normaliseLevel(sent)).toBe(stored);
  });

  it.each([[0, 'otel'], [25, 'otel'], [8, 'syslog'], [-1, 'syslog'], [9, 'pino'], [61, 'pino']] as const)('%j is outside %s numbers', (sent, numbering) => expect(normaliseLevel(sent, numbering)).toBeUndefined());

  it.each([[8], [65], [-1], [3.5], ['not a level!'], [{}]])('%j is not a level', (sent) => expect(normaliseLevel(sent)).toBeUndefined());

  it.each([[3.5, 'otel'], [2.5, 'syslog'], [25.5, 'pino']] as const)('%j is not a whole %s number', (sent, numbering) => expect(normaliseLevel(sent, numbering)).toBeUndefined());

  // Digits are a number only whole (one or two of them); a word takes one trailing digit at most.
  it.each([['123'], ['7 '], ['3a'], ['a3b'], ['info22'], [' info'], ['info '], ['in-fo'], [''], ['abcdefghijklmnopq']])('%j is not a level', (sent) => expect(normaliseLevel(sent)).toBeUndefined());

  it.each([['5', 'info'], ['07', 'debug'], ['warn1', 'warn'], ['abcdefghijklmnop', 'abcdefghijklmnop'], ['Custom', 'custom'], ['custom7', undefined]])('%j → %s', (sent, stored) => expect(normaliseLevel(sent)).toBe(stored));

  it('a native record stores the normalised level and keeps the one sent', () => {
    expect(one({ message: 'm', level: 'Warning' }).content).toEqual({ message: 'm', level: 'warn', attributes: { original_level: 'Warning' } });
    expect(one({ message: 'm', level: 'info' }).content).toEqual({ message: 'm', level: 'info' });
  });
});
