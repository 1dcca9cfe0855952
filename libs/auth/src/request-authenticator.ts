// Who is asking: the API key a request presents, looked up once per request, before its body
// is read (RawBodyMiddleware asks first) or its route runs (ApiKeyGuard). A request without a
// valid key counts against its client address; an address past RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE
// gets 429 and costs no key lookup, so unknown keys cannot be sprayed at the database.
import { HttpException, HttpStatus, Injectable, UnauthorizedException, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { Request, Response } from 'express';
import type { ApiKeyScope } from './api-key-scope';
import { ApiKeyService, type Principal } from './api-key.service';
import { RedisRateLimiter } from './redis-rate-limiter';

export type RequestWithPrincipal = Request & { principal?: Principal; requiredScope?: ApiKeyScope };

/** The key a request presents, from X-API-Key or a Bearer token. */
export function presentedKey(req: Request): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = req.headers.authorization;
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return bearer ? bearer[1] : undefined;
}

/** Addresses over their failure budget, remembered here so the next attempt costs nothing. Bounded. */
const MAX_BLOCKED_ADDRESSES = 10_000;

@Injectable()
export class RequestAuthenticator implements OnModuleDestroy {
  private readonly env = loadEnv();
  private readonly failures = new RedisRateLimiter(this.env.REDIS_URL, `${this.env.QUEUE_PREFIX}:unauthenticated`);
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly keys: ApiKeyService) {}

  /** The request's principal; throws 401 for a missing or unknown key, 429 for an address that failed too often. */
  async authenticate(req: RequestWithPrincipal, res: Response): Promise<Principal> {
    if (req.principal) return req.principal;
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const key = presentedKey(req);
    const blocked = this.blockedUntil.get(address);
    // A blocked address still gets in with a key known without a lookup (a client behind the same NAT).
    const principal = blocked !== undefined && blocked > Date.now() ? this.knownWithoutLookup(key, res, blocked) : key ? await this.keys.authenticate(key) : null;
    if (principal) {
      req.principal = principal;
      return principal;
    }
    const verdict = await this.failures.hit(address, this.env.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE);
    if (!verdict.allowed) {
      if (this.blockedUntil.size >= MAX_BLOCKED_ADDRESSES) this.blockedUntil.clear();
      this.blockedUntil.set(address, Date.now() + verdict.retryAfterSeconds * 1000);
      throw this.tooMany(res, verdict.retryAfterSeconds);
    }
    throw new UnauthorizedException(key ? 'The API key is not valid or has been revoked' : 'An API key is required: send it as X-API-Key or Authorization: Bearer <key>');
  }

  private knownWithoutLookup(key: string | undefined, res: Response, blockedUntil: number): Principal {
    const principal = key ? this.keys.authenticateWithoutLookup(key) : null;
    if (!principal) throw this.tooMany(res, Math.ceil((blockedUntil - Date.now()) / 1000));
    return principal;
  }

  private tooMany(res: Response, retryAfterSeconds: number): HttpException {
    res.setHeader('Retry-After', String(Math.max(1, retryAfterSeconds)));
    return new HttpException(`Too many requests without a valid API key from this address (${this.env.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE} a minute); retry after Retry-After seconds`, HttpStatus.TOO_MANY_REQUESTS);
  }

  onModuleDestroy(): void {
    this.failures.close();
  }
}
