// Reads a request body as bytes, decompressing gzip/deflate, and refuses it past the size cap,
// which binds the bytes received and the bytes they inflate to (a zip bomb, or a long stream of
// empty deflate blocks, is refused either way). Nothing is read before the request presents a
// valid API key with the route's scope: an anonymous 2 MB body gets 401, a read key's 403, and
// neither is read or parsed. Parsing is the route's job.
import { BadRequestException, ForbiddenException, Injectable, PayloadTooLargeException, UnsupportedMediaTypeException, type NestMiddleware, type Type } from '@nestjs/common';
import { ApiKeyScope, RequestAuthenticator, scopeGrants, type RequestWithPrincipal } from '@app/auth';
import { loadEnv } from '@app/config';
import type { NextFunction, Request, Response } from 'express';
import getRawBody from 'raw-body';
import { Transform, type Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { inflateByMagic } from '@app/ingest';
import { quoteInput } from './quoted-input';

export type RequestWithRawBody = Request & { rawBody?: Buffer };

@Injectable()
export class RawBodyMiddleware implements NestMiddleware {
  private readonly limit = loadEnv().MAX_BODY_BYTES;

  /** The scope a route needs, checked before its body is read (the route's guard checks it again). */
  protected readonly scope: ApiKeyScope = ApiKeyScope.Admin;

  constructor(private readonly authenticator: RequestAuthenticator) {}

  /**
   * Whether compression is read from the body's first bytes rather than Content-Encoding (GELF:
   * graypy labels zlib `gzip,deflate`, and Graylog reads the bytes).
   */
  protected readonly compressionFromBytes: boolean = false;

  /** This middleware for routes needing `scope`. */
  static requiring(scope: ApiKeyScope, options: { compressionFromBytes?: boolean } = {}): Type<RawBodyMiddleware> {
    @Injectable()
    class ScopedRawBodyMiddleware extends RawBodyMiddleware {
      protected override readonly scope = scope;
      protected override readonly compressionFromBytes = options.compressionFromBytes ?? false;
    }
    return ScopedRawBodyMiddleware;
  }

  async use(req: RequestWithRawBody & RequestWithPrincipal, res: Response, next: NextFunction): Promise<void> {
    await this.authenticator.authenticate(req, res);
    const principal = req.principal;
    if (principal && !scopeGrants(principal.scope, this.scope)) {
      throw new ForbiddenException(`This API key (scope ${principal.scope}) may not do this: it needs scope ${this.scope}`);
    }
    if (this.compressionFromBytes) {
      req.rawBody = inflateByMagic(await this.read(req, req, 'identity', req.headers['content-length']), this.limit);
      return next();
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    const length = req.headers['content-length'];
    let stream: Readable = req;
    if (encoding === 'gzip' || encoding === 'x-gzip') stream = this.inflated(req, createGunzip());
    else if (encoding === 'deflate') stream = this.inflated(req, createInflate());
    else if (encoding !== 'identity') {
      throw new UnsupportedMediaTypeException(`Content-Encoding ${quoteInput(encoding)} is not supported; use gzip, deflate or none`);
    }
    req.rawBody = await this.read(req, stream, encoding, length);
    next();
  }

  private async read(req: Readable, stream: Readable, encoding: string, length: string | undefined): Promise<Buffer> {
    try {
      return await getRawBody(stream, {
        limit: this.limit,
        // The declared length only binds an uncompressed body.
        length: encoding === 'identity' && length ? Number(length) : undefined,
      });
    } catch (error) {
      req.unpipe?.();
      throw this.toHttpError(error as { type?: string; code?: string });
    }
  }

  /** The body through `inflater`, failing once the compressed bytes received pass the limit. */
  private inflated(req: Readable, inflater: Transform): Readable {
    let received = 0;
    const limit = this.limit;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > limit) done(Object.assign(new Error('compressed body too large'), { type: 'entity.too.large' }));
        else done(null, chunk);
      },
    });
    counted.on('error', (error) => inflater.destroy(error));
    return req.pipe(counted).pipe(inflater);
  }

  private toHttpError(error: { type?: string; code?: string }) {
    if (error.type === 'entity.too.large') {
      return new PayloadTooLargeException(`Request body exceeds the limit of ${this.limit} bytes`);
    }
    if (error.code === 'Z_DATA_ERROR' || error.code === 'Z_BUF_ERROR') {
      return new BadRequestException('Request body is not valid compressed data for its Content-Encoding');
    }
    if (error.type === 'request.size.invalid') {
      return new BadRequestException('Request body length does not match Content-Length');
    }
    return new BadRequestException('Request body could not be read');
  }
}
