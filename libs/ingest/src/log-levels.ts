// Levels as loggers write them, to the six logsieve stores and searches by: trace, debug,
// info, warn, error, fatal. Words of every common vocabulary (syslog, Java, Python, .NET, Go),
// pino/bunyan numbers (10-60), syslog severities (0-7) and OpenTelemetry severity numbers
// (1-24). A level this cannot place is kept as written (a word), never dropped.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Words to levels, lower case. A Map: a word like `constructor` must find nothing, not Object's. */
export const LEVEL_WORDS: ReadonlyMap<string, LogLevel> = new Map<string, LogLevel>(Object.entries({
  trace: 'trace', finest: 'trace', finer: 'trace', verbose: 'trace', all: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug', config: 'debug',
  info: 'info', information: 'info', informational: 'info', notice: 'info', log: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', eror: 'error', severe: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', alert: 'fatal', emerg: 'fatal', emergency: 'fatal', panic: 'fatal',
} satisfies Record<string, LogLevel>));

/** Syslog severities 0-7 (RFC 5424), as GELF and syslog shippers send them. */
const SYSLOG: readonly LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** How a number is read depends on who sends it. */
export type LevelNumbering = 'syslog' | 'pino' | 'otel';

/** pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function pinoLevel(n: number): LogLevel | undefined {
  if (n < 10 || n > 60 || !Number.isInteger(n)) return undefined;
  return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.min(5, Math.ceil(n / 10) - 1)];
}

export function levelFromNumber(n: number, numbering: LevelNumbering): LogLevel | undefined {
  if (!Number.isInteger(n)) return undefined;
  if (numbering === 'syslog') return n >= 0 && n <= 7 ? SYSLOG[n] : undefined;
  if (numbering === 'otel') return n >= 1 && n <= 24 ? (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor((n - 1) / 4)] : undefined;
  return pinoLevel(n);
}

/**
 * A level as sent, normalised: words through LEVEL_WORDS (`WARNING` → warn; OpenTelemetry's
 * `INFO2` → info), numbers by `numbering` (without one, 0-7 are syslog and 10-60 pino/bunyan).
 * `undefined` when there is nothing usable; an unknown word comes back lower-cased as it was.
 */
export function normaliseLevel(value: unknown, numbering?: LevelNumbering): string | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{1,2}$/.test(value))) {
    const n = Number(value);
    return levelFromNumber(n, numbering ?? (n <= 7 ? 'syslog' : 'pino'));
  }
  if (typeof value !== 'string' || !/^[A-Za-z]{1,16}\d?$/.test(value)) return undefined;
  const word = value.toLowerCase();
  return LEVEL_WORDS.get(word) ?? LEVEL_WORDS.get(word.replace(/\d$/, '')) ?? (/^[a-z]+$/.test(word) ? word : undefined);
}
