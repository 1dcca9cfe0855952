// The process environment, parsed and validated once at boot. Everything else reads `loadEnv()`.
import { plainToInstance, Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsIP, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { AppRole } from './app-role';

/** Development-only sealing key, also in .env.example. Production refuses it. */
export const DEVELOPMENT_SEAL_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE=';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

export class Env {
  @IsEnum(AppRole, { message: `APP_ROLE must be one of: ${Object.values(AppRole).join(', ')}` })
  APP_ROLE: AppRole = AppRole.All;

  /**
   * Unset means production: the public development keys are accepted only when it says
   * `development` or `test` explicitly, so `npm start` on a server never runs with them.
   */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  /** HTTP port of the api role (and of `all`). */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 8000;

  /**
   * Which proxies in front of the api to believe about the client's address (Express `trust
   * proxy`): a hop count (`1` behind one load balancer), or addresses and CIDRs, comma-separated
   * (`10.0.0.0/8,loopback`). Unset: the socket's address, and X-Forwarded-For is ignored.
   * Per-address budgets (requests without a valid key) count what this yields.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|false|((loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?))*))$/, {
    message: 'TRUST_PROXY must be a hop count, or addresses/CIDRs (or loopback, linklocal, uniquelocal), comma-separated',
  })
  TRUST_PROXY?: string;

  /** HTTP port of the worker role's /health and /metrics. */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  WORKER_PORT = 8001;

  /**
   * Address the worker role listens on. Its /metrics answers without a key (labels are closed
   * sets, no log content), so keep it private: `127.0.0.1` beside a local scraper, a private
   * interface, or the default (every interface) behind a network policy.
   */
  @IsOptional() @IsIP()
  WORKER_HOST?: string;

  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGO_URI must be a mongodb:// or mongodb+srv:// URL' })
  MONGO_URI = 'mongodb://127.0.0.1:27017/logsieve';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Base64 of 32 random bytes: the AES-256-GCM key that seals unredacted content at rest. */
  @IsOptional() @IsString()
  SEAL_KEY?: string;

  /** Keyed pseudonyms (the redaction `hash` action). Defaults to a key derived from SEAL_KEY. */
  @IsOptional() @IsString()
  HASH_KEY?: string;

  /**
   * Time the redaction of one record may take. Past it, the record is stored with its strings
   * replaced by [REDACTED:unscanned] (never in the clear, never as a failed job).
   */
  @Transform(toInt) @IsInt() @Min(10)
  REDACTION_RECORD_BUDGET_MS = 2000;

  /** Largest accepted request body, in bytes, after decompression. */
  @Transform(toInt) @IsInt() @Min(1024)
  MAX_BODY_BYTES = 1024 * 1024;

  /** Most records one ingest request (JSON array or NDJSON) may carry (a commit group indexes its records in 16 bits). */
  @Transform(toInt) @IsInt() @Min(1) @Max(65_535)
  MAX_BATCH_RECORDS = 10_000;

  /**
   * Event times taken, back from now: older records are refused one by one with the reason
   * (as Loki's reject_old_samples_max_age). Searches find a time range among the hours that
   * records arrived in through this window, so it bounds what a search of the past reads.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 366)
  EVENT_TIME_MAX_AGE_HOURS = 168;

  /** Event times taken ahead of the server's clock (a sender's clock runs fast), as Loki's creation_grace_period. */
  @Transform(toInt) @IsInt() @Min(0) @Max(86_400)
  EVENT_TIME_MAX_AHEAD_SECONDS = 600;

  /**
   * Group commit: how long a store write waits for concurrent requests to join it. Each
   * request is answered only once its own records are durable. 0 writes every request alone.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(100)
  INGEST_LINGER_MS = 10;

  /** Group commit: a group is written as soon as it holds this many records. */
  @Transform(toInt) @IsInt() @Min(1)
  INGEST_GROUP_MAX_RECORDS = 1000;

  /**
   * Ingest answers 429 while this many redaction jobs wait (backpressure). A waiting job
   * carries its group's sealed records (up to INGEST_GROUP_MAX_RECORDS): this bounds what
   * Redis holds, about 1,000 × 1,000 records × 0.7 KB at most with the defaults.
   */
  @Transform(toInt) @IsInt() @Min(1)
  INGEST_HIGH_WATER_JOBS = 1000;

  /** Redis key prefix for queues; braces make it a Redis Cluster hash tag. */
  @IsString() @Matches(/^[\w{}:.-]+$/)
  QUEUE_PREFIX = '{logsieve}';

  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  WORKER_CONCURRENCY = 16;

  /**
   * A worker writes the records its concurrent jobs processed together as one chunk: as soon
   * as it holds this many, or CHUNK_LINGER_MS after the first. Fewer, larger documents are what
   * keep every read cheap (on FerretDB a read costs what the documents it touches weigh).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(50_000)
  CHUNK_MAX_RECORDS = 2000;

  @Transform(toInt) @IsInt() @Min(0) @Max(5000)
  CHUNK_LINGER_MS = 50;

  /** How often small recent chunks are merged into large ones (one run per interval across workers). */
  @Transform(toInt) @IsInt() @Min(100)
  COMPACT_INTERVAL_MS = 15_000;

  @Transform(toInt) @IsInt() @Min(1) @Max(50)
  JOB_ATTEMPTS = 5;

  /** First retry delay; each further attempt doubles it. */
  @Transform(toInt) @IsInt() @Min(10)
  JOB_BACKOFF_MS = 1000;

  /** A job whose worker stops renewing its lock this long (a crashed worker) is handed to another. */
  @Transform(toInt) @IsInt() @Min(1000)
  WORKER_LOCK_MS = 30_000;

  /** On SIGTERM, how long to drain requests and active jobs before exiting anyway. */
  @Transform(toInt) @IsInt() @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 25_000;

  /** Processed and failed logs (and their tasks) older than this many days are deleted, an hour at a time; 0 keeps them. */
  @Transform(toInt) @IsInt() @Min(0)
  RETENTION_DAYS = 0;

  /** Alerts (and their webhook deliveries) older than this many days are deleted; 0 keeps them. */
  @Transform(toInt) @IsInt() @Min(0)
  ALERT_RETENTION_DAYS = 0;

  /** How often a worker enforces retention (one run per interval across all workers). */
  @Transform(toInt) @IsInt() @Min(1000)
  RETENTION_INTERVAL_MS = 3_600_000;

  /** How long finished jobs stay in Redis; task status then comes from MongoDB. */
  @Transform(toInt) @IsInt() @Min(0)
  COMPLETED_JOB_TTL_SECONDS = 3600;

  /** How often the reconciler looks for pending records whose job was never enqueued. */
  @Transform(toInt) @IsInt() @Min(100)
  RECONCILE_INTERVAL_MS = 10_000;

  /** A pending record younger than this is left alone: its job is probably on its way. */
  @Transform(toInt) @IsInt() @Min(0)
  RECONCILE_MIN_AGE_MS = 5_000;

  /** Seconds a client is told to wait when the store or queue is unavailable. */
  @Transform(toInt) @IsInt() @Min(1)
  RETRY_AFTER_SECONDS = 5;

  /** Live tails (GET /logs/stream) one api process serves at once; more get 429. */
  @Transform(toInt) @IsInt() @Min(1)
  TAIL_MAX_CONNECTIONS = 100;

  /** Live tails and alert streams one API key may hold open on one process. */
  @Transform(toInt) @IsInt() @Min(1)
  TAIL_MAX_PER_KEY = 10;

  /** A tail is ended (with an `end` event saying so) after this long; clients reconnect with Last-Event-ID. */
  @Transform(toInt) @IsInt() @Min(1)
  TAIL_MAX_SECONDS = 3600;

  /** Seconds between heartbeats on an idle tail. */
  @Transform(toInt) @IsInt() @Min(1)
  TAIL_HEARTBEAT_SECONDS = 15;

  /** Detection: a record older than its group's newest by more than this is not counted. */
  @Transform(toInt) @IsInt() @Min(0)
  DETECTION_MAX_LATENESS_SECONDS = 300;

  /** HMAC-SHA256 key signing webhook deliveries; derived from SEAL_KEY when unset. */
  @IsOptional() @IsString()
  WEBHOOK_SECRET?: string;

  /** Webhook targets on private, loopback or link-local addresses are refused unless this is true. */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' | 'false' = 'false';

  @Transform(toInt) @IsInt() @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;

  @Transform(toInt) @IsInt() @Min(1) @Max(20)
  WEBHOOK_ATTEMPTS = 6;

  /** First webhook retry delay; each further attempt doubles it. */
  @Transform(toInt) @IsInt() @Min(10)
  WEBHOOK_BACKOFF_MS = 1000;

  /** Bootstrap API keys, `<scope>:<key>` separated by commas (scopes: ingest, read, triage, admin). */
  @IsOptional() @IsString()
  API_KEYS?: string;

  /** Requests per minute per API key, by the scope the endpoint needs. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_INGEST_PER_MINUTE = 6000;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_READ_PER_MINUTE = 1200;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_ADMIN_PER_MINUTE = 300;

  /** Requests per minute per client address that present no key or a wrong one; past it, 429 without a key lookup. */
  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE = 60;

  /** Browser origins allowed to call the API (CORS), comma-separated; none by default. */
  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  /** json: one JSON object a line (pino), for log pipelines; text: readable lines, for a terminal. */
  @IsIn(['json', 'text'])
  LOG_FORMAT: 'json' | 'text' = 'json';

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class EnvError extends Error {}

/** Optional properties: `new Env()` has no key for them. */
const OPTIONAL_KEYS = ['SEAL_KEY', 'HASH_KEY', 'API_KEYS', 'CORS_ORIGINS', 'WEBHOOK_SECRET'] as const;

/** The key `npm run stack` uses when API_KEYS is unset; production refuses it. */
export const DEVELOPMENT_API_KEY = 'logsieve-local-development-key';

/** Parses and validates an environment; throws an EnvError listing every problem. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const known = Object.keys(new Env());
  const picked = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => value !== undefined && value !== '' && known.includes(key)),
  );
  // SEAL_KEY and HASH_KEY are optional properties, so `new Env()` has no key for them.
  for (const key of OPTIONAL_KEYS) if (source[key]) picked[key] = source[key];

  const env = plainToInstance(Env, picked, { exposeDefaultValues: true });
  const problems = validateSync(env, { forbidUnknownValues: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  problems.push(...secretProblems(env));
  if (!isDevelopment(env) && apiKeyEntries(env.API_KEYS).some(({ key }) => key === DEVELOPMENT_API_KEY)) {
    problems.push('API_KEYS must not contain the development key unless NODE_ENV is development or test');
  }
  problems.push(...apiKeyProblems(env.API_KEYS));
  if (problems.length > 0) {
    throw new EnvError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  env.SEAL_KEY ??= DEVELOPMENT_SEAL_KEY;
  return env;
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the cached environment; tests that change process.env call it. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** Whether NODE_ENV says, explicitly, that this is not a deployment. */
export const isDevelopment = (env: Pick<Env, 'NODE_ENV'>) => env.NODE_ENV === 'development' || env.NODE_ENV === 'test';

/** Bytes every secret must hold: a 256-bit key. */
const MIN_SECRET_BYTES = 32;

/** Strict base64 (or base64url) to bytes; undefined for anything else, so `!!!!` is not an empty key. */
export function decodeBase64Key(value: string): Buffer | undefined {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Whether the sealing key is the public development one, compared as bytes (padding and alphabet aside). */
export function usesDevelopmentSealKey(env: Pick<Env, 'SEAL_KEY'>): boolean {
  const key = env.SEAL_KEY === undefined ? undefined : decodeBase64Key(env.SEAL_KEY);
  return key !== undefined && key.equals(Buffer.from(DEVELOPMENT_SEAL_KEY, 'base64'));
}

/** Problems with SEAL_KEY, HASH_KEY and WEBHOOK_SECRET, never quoting them. */
function secretProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.SEAL_KEY === undefined) {
    if (!isDevelopment(env)) problems.push('SEAL_KEY is required unless NODE_ENV is development or test (base64 of 32 random bytes: openssl rand -base64 32)');
  } else if (decodeBase64Key(env.SEAL_KEY)?.length !== 32) {
    problems.push('SEAL_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)');
  } else if (!isDevelopment(env) && usesDevelopmentSealKey(env)) {
    problems.push('SEAL_KEY is the public development key; set a key of your own (or NODE_ENV=development)');
  }
  if (env.HASH_KEY !== undefined && (decodeBase64Key(env.HASH_KEY)?.length ?? 0) < MIN_SECRET_BYTES) {
    problems.push(`HASH_KEY must be base64 of at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (env.WEBHOOK_SECRET !== undefined && Buffer.byteLength(env.WEBHOOK_SECRET) < MIN_SECRET_BYTES) {
    problems.push(`WEBHOOK_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return problems;
}

/** API_KEYS entries that are malformed, by position (never quoting a key). */
function apiKeyProblems(spec: string | undefined): string[] {
  return apiKeyEntries(spec).flatMap(({ scope, key }, index) => {
    if (!['ingest', 'read', 'triage', 'admin'].includes(scope)) return [`API_KEYS entry ${index + 1} must look like <ingest|read|triage|admin>:<key>`];
    return key.length < 16 ? [`API_KEYS entry ${index + 1}: the key must be at least 16 characters`] : [];
  });
}

/** API_KEYS split into its `<scope>:<key>` entries, in order; validated at boot by parseEnv. */
export function apiKeyEntries(spec: string | undefined): Array<{ scope: string; key: string }> {
  if (!spec?.trim()) return [];
  return spec.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    return separator < 0 ? { scope: '', key: entry.trim() } : { scope: entry.slice(0, separator).trimStart(), key: entry.slice(separator + 1).trim() };
  });
}
