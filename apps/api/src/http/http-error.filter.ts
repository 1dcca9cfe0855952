// Every error leaves as JSON `{statusCode, error, message}` (on a shipper's path, in its protocol's shape). Known failures map to their
// status; the store being down is a 503 with Retry-After; anything else is a 500 whose body
// and log line carry no request content. Client input a message quotes is cut short and, for
// an authenticated request, passed through the built-in redaction rules; a request with no
// valid key sees none of it and costs no pattern work.
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import type { RequestWithPrincipal } from '@app/auth';
import { IngestError, StoreUnavailableError } from '@app/ingest';
import { BUILTIN_RULES, Redactor } from '@app/redaction';
import { QueryError } from '@app/search';
import { randomBytes } from 'node:crypto';
import { isStoreUnavailable } from '@app/logs';
import { dependencyErrors, ingestRefusedRequests } from '@app/observability';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { protocolErrorAnswer } from './protocol-error-answer';
import { hideQuotes, quoteInput, unmarkQuotes } from './quoted-input';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Per-record reasons, for a batch none of whose records could be accepted. */
  errors?: Array<{ index: number; reason: string }>;
}

/** Longest message sent; beyond it a message is cut (validation lists can quote many names). */
const MAX_MESSAGE_LENGTH = 2000;

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  /**
   * The last guard on what leaves: messages can quote client input (an unknown property's
   * name, a path parameter), so for authenticated requests they pass the built-in redaction
   * rules before they are sent.
   */
  private readonly redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'err', secret: randomBytes(32) } });

  constructor(private readonly retryAfterSeconds: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const request = host.switchToHttp().getRequest<RequestWithPrincipal>();
    const { status, message } = this.describe(exception, request);
    // The rate limiter sets its own Retry-After (time left in the key's window); keep it.
    if ((status === HttpStatus.SERVICE_UNAVAILABLE || status === HttpStatus.TOO_MANY_REQUESTS) && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', String(this.retryAfterSeconds));
    }
    const safe = this.safeMessage(message, Boolean(request.principal));
    countRefusal(request, status, exception);
    const protocol = protocolErrorAnswer(request.path, status, safe, exception);
    if (protocol) {
      for (const [name, value] of protocol.headers ?? []) response.setHeader(name, value);
      if (typeof protocol.body === 'string') response.status(status).type('text/plain').send(protocol.body);
      else response.status(status).json(protocol.body);
      return;
    }
    const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: safe };
    if (exception instanceof IngestError && exception.errors) body.errors = exception.errors;
    response.status(status).json(body);
  }

  private safeMessage(message: string | string[], authenticated: boolean): string | string[] {
    if (Array.isArray(message)) return message.map((m) => this.safeMessage(m, authenticated) as string);
    if (!authenticated) return hideQuotes(message);
    // Validation messages quote property names unmarked; a bound keeps the pattern work small.
    return this.redactor.redact(unmarkQuotes(message).slice(0, MAX_MESSAGE_LENGTH)).value;
  }

  private describe(exception: unknown, request: Request): { status: number; message: string | string[] } {
    // Express's "Cannot GET /path" for a route that does not exist quotes the whole path.
    if (exception instanceof NotFoundException && exception.message === `Cannot ${request.method} ${request.originalUrl}`) {
      return { status: HttpStatus.NOT_FOUND, message: `Cannot ${request.method} ${quoteInput(request.originalUrl)}` };
    }
    if (exception instanceof IngestError) return { status: exception.status, message: exception.message };
    if (exception instanceof QueryError) return { status: HttpStatus.BAD_REQUEST, message: exception.message };
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      const message = typeof payload === 'string' ? payload : ((payload as { message?: string | string[] }).message ?? exception.message);
      return { status: exception.getStatus(), message };
    }
    if (exception instanceof StoreUnavailableError || isStoreUnavailable(exception)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'The log store is unavailable; nothing was stored. Retry later.' };
    }
    // Database and driver messages can quote the data they choked on: log the type and where, not the message.
    const error = exception as Error;
    this.logger.error(`unhandled ${error?.name ?? typeof exception}`, error?.stack?.split('\n').slice(1, 6).join('\n'));
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  }
}

const INGEST_PATHS = /^\/(logs|v1\/logs|loki\/api\/v1\/push|gelf|services\/collector(\/(event|raw)(\/1\.0)?)?|([^/]+\/)?_bulk)$/;

/** Metrics of an error answer: an ingest request refused whole, and a store that was away. */
function countRefusal(request: Request, status: number, exception: unknown): void {
  if ((request.method === 'POST' || request.method === 'PUT') && INGEST_PATHS.test(request.path)) ingestRefusedRequests.inc({ status: String(status) });
  if (exception instanceof StoreUnavailableError || isStoreUnavailable(exception)) dependencyErrors.inc({ dependency: 'mongodb' });
}
