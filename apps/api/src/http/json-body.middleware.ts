// Parses a JSON body read by RawBodyMiddleware into req.body, for routes that take JSON
// objects; errors name the problem without echoing the body.
import { Injectable, UnsupportedMediaTypeException, type NestMiddleware } from '@nestjs/common';
import { mediaType, parseJson } from '@app/ingest';
import type { NextFunction, Response } from 'express';
import { quoteInput } from './quoted-input';
import type { RequestWithRawBody } from './raw-body.middleware';

@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  use(req: RequestWithRawBody, _res: Response, next: NextFunction): void {
    const body = req.rawBody ?? Buffer.alloc(0);
    if (body.length === 0) {
      req.body = undefined;
      return next();
    }
    const type = mediaType(req.headers['content-type']);
    if (type !== 'application/json') throw new UnsupportedMediaTypeException(`Content-Type ${type ? quoteInput(type) : '(none)'} is not supported; send application/json`);
    req.body = parseJson(body);
    next();
  }
}
