// Authenticates every api request by X-API-Key or Authorization: Bearer, then checks the
// route's scope. 401 for a missing or unknown key, 403 for the wrong scope; the key itself
// never appears in a response or a log line.
import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyScope, scopeGrants } from './api-key-scope';
import { ApiKeyService, type Principal } from './api-key.service';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './access.decorators';

export type RequestWithPrincipal = Request & { principal?: Principal; requiredScope?: ApiKeyScope };

/** The key a request presents, from X-API-Key or a Bearer token. */
export function presentedKey(req: Request): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = req.headers.authorization;
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return bearer ? bearer[1] : undefined;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const needed = this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ?? ApiKeyScope.Admin;
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    req.requiredScope = needed;
    const key = presentedKey(req);
    if (!key) throw new UnauthorizedException('An API key is required: send it as X-API-Key or Authorization: Bearer <key>');
    const principal = await this.keys.authenticate(key);
    if (!principal) throw new UnauthorizedException('The API key is not valid or has been revoked');
    req.principal = principal;
    if (!scopeGrants(principal.scope, needed)) throw new ForbiddenException(`This API key (scope ${principal.scope}) may not do this: it needs scope ${needed}`);
    return true;
  }
}
