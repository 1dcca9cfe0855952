// Authentication comes before the body: a refused request's body is never read, so a stranger
// cannot make the server buffer or inflate megabytes. The request here is a stream that records
// whether anything pulled from it.
import { ApiKeyScope, type Principal, type RequestAuthenticator } from '@app/auth';
import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { RawBodyMiddleware, type RequestWithRawBody } from './raw-body.middleware';

function request(body: Buffer, headers: Record<string, string> = {}): RequestWithRawBody & Readable {
  const stream = Readable.from([body], { objectMode: false }) as unknown as RequestWithRawBody & Readable;
  Object.assign(stream, { headers: { 'content-length': String(body.length), ...headers }, path: '/logs', originalUrl: '/logs' });
  return stream;
}

const authenticator = (outcome: Principal | Error) =>
  ({
    authenticate: async (req: { principal?: Principal }) => {
      if (outcome instanceof Error) throw outcome;
      req.principal = outcome;
      return outcome;
    },
  }) as unknown as RequestAuthenticator;

const Ingest = RawBodyMiddleware.requiring(ApiKeyScope.Ingest);
const GelfBody = RawBodyMiddleware.requiring(ApiKeyScope.Ingest, { compressionFromBytes: true });
/** A next() that counts its calls. */
function counted(): (() => void) & { calls: number } {
  const next = Object.assign(() => void next.calls++, { calls: 0 });
  return next;
}

const body = Buffer.from('{"message":"' + 'x'.repeat(64 * 1024) + '"}');

describe('RawBodyMiddleware', () => {
  it.each([
    ['no valid key (401)', new UnauthorizedException('An API key is required'), UnauthorizedException],
    ['a key without the scope (403)', { keyId: 'k', scope: ApiKeyScope.Read }, ForbiddenException],
  ])('reads nothing of a request with %s', async (_, outcome, refusal) => {
    for (const Middleware of [Ingest, GelfBody]) {
      const req = request(gzipSync(body), { 'content-encoding': 'gzip' });
      const next = counted();
      await expect(new Middleware(authenticator(outcome)).use(req, {} as Response, next)).rejects.toBeInstanceOf(refusal);
      expect(req.readableDidRead).toBe(false);
      expect(req.rawBody).toBeUndefined();
      expect(next.calls).toBe(0);
    }
  });

  it('reads and inflates the body of a request with the scope, then passes it on', async () => {
    for (const Middleware of [Ingest, GelfBody]) {
      const req = request(gzipSync(body), { 'content-encoding': 'gzip' });
      const next = counted();
      await new Middleware(authenticator({ keyId: 'k', scope: ApiKeyScope.Ingest })).use(req, {} as Response, next);
      expect(req.readableDidRead).toBe(true);
      expect(req.rawBody).toEqual(body);
      expect(next.calls).toBe(1);
    }
  });
});
