// Authenticates every api request by X-API-Key or Authorization: Bearer, then checks the
// route's scope. 401 for a missing or unknown key, 403 for the wrong scope; the key itself
// never appears in a response or a log line.
import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ApiKeyScope, scopeGrants } from './api-key-scope';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './access.decorators';
import { RequestAuthenticator, type RequestWithPrincipal } from './request-authenticator';


@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const needed = this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ?? ApiKeyScope.Admin;
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    req.requiredScope = needed;
    const principal = await this.authenticator.authenticate(req, context.switchToHttp().getResponse<Response>());
    if (!scopeGrants(principal.scope, needed)) throw new ForbiddenException(`This API key (scope ${principal.scope}) may not do this: it needs scope ${needed}`);
    return true;
  }
}
