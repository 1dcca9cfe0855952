// The process's log output. JSON lines (pino) by default, one object a line with time, level,
// context, message and, inside a request, its request id, for log pipelines to read; readable
// text (Nest's console logger) when LOG_FORMAT=text, as `npm run stack` sets. Log lines carry
// ids and counts, never client content: messages are written that way (the leak test reads them).
import type { LoggerService, LogLevel } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's logger takes the list of levels to print; LOG_LEVEL names the most verbose one. */
export function loggerLevels(level: LogLevel): LogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}

/** What every line logged while serving a request carries. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

const PINO_LEVEL: Record<LogLevel, pino.Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Nest's LoggerService over pino: Nest's levels and contexts as pino fields. */
export class JsonLogger implements LoggerService {
  private readonly pino: pino.Logger;

  constructor(level: LogLevel, role: string, destination: pino.DestinationStream = process.stdout) {
    this.pino = pino(
      {
        level: PINO_LEVEL[level],
        base: { pid: process.pid, role },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context (the class name) last; an error's stack before it. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const requestId = requestContext.getStore()?.requestId;
    const fields = { ...(context ? { context } : {}), ...(requestId ? { requestId } : {}) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: { type: message.name } }, message.message);
    else this.pino[level](fields, typeof message === 'string' ? message : JSON.stringify(message));
  }
}

/** The logger a role boots with: JSON lines unless LOG_FORMAT=text. */
export function appLogger(env: { LOG_LEVEL: LogLevel; LOG_FORMAT: 'json' | 'text'; APP_ROLE: string }): LoggerService | LogLevel[] {
  return env.LOG_FORMAT === 'text' ? loggerLevels(env.LOG_LEVEL) : new JsonLogger(env.LOG_LEVEL, env.APP_ROLE);
}
