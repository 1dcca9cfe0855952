// Reads a request body as bytes, decompressing gzip/deflate, and refuses it past the size cap
// (which applies after decompression, so a zip bomb is refused too). Parsing is the route's job.
import { BadRequestException, Injectable, PayloadTooLargeException, UnsupportedMediaTypeException, type NestMiddleware } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { NextFunction, Request, Response } from 'express';
import getRawBody from 'raw-body';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { quoteInput } from './quoted-input';

export type RequestWithRawBody = Request & { rawBody?: Buffer };

@Injectable()
export class RawBodyMiddleware implements NestMiddleware {
  private readonly limit = loadEnv().MAX_BODY_BYTES;

  async use(req: RequestWithRawBody, _res: Response, next: NextFunction): Promise<void> {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    const length = req.headers['content-length'];
    let stream: Readable = req;
    if (encoding === 'gzip' || encoding === 'x-gzip') stream = req.pipe(createGunzip());
    else if (encoding === 'deflate') stream = req.pipe(createInflate());
    else if (encoding !== 'identity') {
      throw new UnsupportedMediaTypeException(`Content-Encoding ${quoteInput(encoding)} is not supported; use gzip, deflate or none`);
    }
    try {
      req.rawBody = await getRawBody(stream, {
        limit: this.limit,
        // The declared length only binds an uncompressed body.
        length: encoding === 'identity' && length ? Number(length) : undefined,
      });
    } catch (error) {
      req.unpipe?.();
      throw this.toHttpError(error as { type?: string; code?: string });
    }
    next();
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
