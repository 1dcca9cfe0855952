// Who is asking: the API key a request presents, looked up once per request, before its body
// is read (RawBodyMiddleware asks first) or its route runs (ApiKeyGuard). A request without a
// valid key counts against its client address (behind a proxy, the address TRUST_PROXY lets
// Express read; IPv6 by /64); an address past RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE gets 429.
// A valid key is never refused by that budget, whoever shares its address: a well-formed key is
// still looked up (by id, cached, found or not), while a missing or malformed one costs nothing.
import { HttpException, HttpStatus, Injectable, UnauthorizedException, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { Request, Response } from 'express';
import type { ApiKeyScope } from './api-key-scope';
import { ApiKeyService, type Principal } from './api-key.service';
import { RedisRateLimiter } from './redis-rate-limiter';

export type RequestWithPrincipal = Request & { principal?: Principal; requiredScope?: ApiKeyScope };

/**
 * The key a request presents: X-API-Key, `Authorization: Bearer <key>`, Basic auth whose
 * password is the key (the user name is ignored; log shippers that only speak Basic put the key
 * there), or `Splunk <key>` on the HEC paths.
 */
export function presentedKey(req: Request): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const parts = (req.headers.authorization ?? '').trim().split(/\s+/);
  if (parts.length !== 2) return undefined;
  const [scheme, credentials] = parts;
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return credentials;
    case 'basic':
      return basicPassword(credentials);
    case 'splunk':
      // The whole path: inside a middleware mounted on a route, req.path is relative to it.
      return (req.originalUrl ?? req.url).split('?')[0].startsWith(SPLUNK_HEC_PATH) ? credentials : undefined;
    default:
      return undefined;
  }
}

const SPLUNK_HEC_PATH = '/services/collector';

/** The password of Basic credentials, or the user name when the password is empty (some agents take one field). */
function basicPassword(credentials: string): string | undefined {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return decoded.slice(colon + 1) || decoded.slice(0, colon) || undefined;
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
    const address = budgetAddress(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const key = presentedKey(req);
    const blocked = this.blockedUntil.get(address);
    // A blocked address (a stranger behind the same NAT or proxy spent its budget) still gets in with a valid key.
    const principal = blocked !== undefined && blocked > Date.now() ? await this.validOrRefused(key, res, blocked) : key ? await this.keys.authenticate(key) : null;
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
    throw new UnauthorizedException(key ? 'The API key is not valid or has been revoked' : 'An API key is required: send it as X-API-Key, Authorization: Bearer <key>, or Basic auth with the key as password');
  }

  /** For a blocked address: the principal of a valid key (looked up only if its id exists), else 429 without a lookup. */
  private async validOrRefused(key: string | undefined, res: Response, blockedUntil: number): Promise<Principal> {
    const principal = key && (await this.keys.mayExist(key)) ? await this.keys.authenticate(key) : null;
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

/** The address a budget counts: IPv4 as it is, IPv6 by its /64 (one host holds a whole /64 to rotate through). */
export function budgetAddress(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!plain.includes(':')) return plain;
  const [head, tail = ''] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
