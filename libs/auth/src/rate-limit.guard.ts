// Limits requests per API key, by the scope the route needs (RATE_LIMIT_<SCOPE>_PER_MINUTE).
// Runs after ApiKeyGuard, which names the key; public routes are not limited.
import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv, type Env } from '@app/config';
import type { Response } from 'express';
import { ApiKeyScope } from './api-key-scope';
import type { RequestWithPrincipal } from './request-authenticator';
import { RedisRateLimiter } from './redis-rate-limiter';

function limitPerMinute(env: Env, scope: ApiKeyScope): number {
  if (scope === ApiKeyScope.Ingest) return env.RATE_LIMIT_INGEST_PER_MINUTE;
  if (scope === ApiKeyScope.Read || scope === ApiKeyScope.Triage) return env.RATE_LIMIT_READ_PER_MINUTE;
  return env.RATE_LIMIT_ADMIN_PER_MINUTE;
}

@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly env = loadEnv();
  private readonly limiter = new RedisRateLimiter(this.env.REDIS_URL, this.env.QUEUE_PREFIX);

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    if (!req.principal || !req.requiredScope) return true;
    const limit = limitPerMinute(this.env, req.requiredScope);
    const verdict = await this.limiter.hit(`${req.requiredScope}:${req.principal.keyId}`, limit);
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(verdict.remaining));
    if (verdict.allowed) return true;
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException(`Rate limit exceeded for this API key (${limit} requests a minute); retry after Retry-After seconds`, HttpStatus.TOO_MANY_REQUESTS);
  }

  onModuleDestroy(): void {
    this.limiter.close();
  }
}
