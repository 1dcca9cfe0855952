// A deterministic mix of realistic log records: JSON objects and text lines of 0.2-4 KB,
// most with nothing sensitive, about one in ten carrying one sensitive value.

let seed = 42;
const random = () => {
  // mulberry32: small, fast, reproducible.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (max: number) => Math.floor(random() * max);
const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[int(16)]).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const alnum = (length: number) => Array.from({ length }, () => ALNUM[int(ALNUM.length)]).join('');

const SERVICES = ['checkout', 'payments', 'auth', 'search', 'gateway', 'inventory'];
const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'];
const PATHS = ['/api/v2/orders/{n}/items', '/api/v1/cart', '/healthz', '/api/v3/search?q=shoes&page={n}', '/static/app.{hex}.js'];
const WORDS = 'request completed processed retry cache miss hit upstream timeout connection pool queue batch worker scheduled flushed committed rollback'.split(' ');

const SENSITIVE: Array<() => string> = [
  () => `${pick(['anna', 'li', 'omar'])}.${pick(['smith', 'khan'])}${int(99)}@example.com`,
  () => pick(['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005']),
  () => `+44 20 7946 ${String(1000 + int(8999))}`,
  () => `${1 + int(222)}.${int(255)}.${int(255)}.${1 + int(254)}`,
  () => 'gh' + 'p_' + alnum(36),
  () => `Bearer ${alnum(32)}`,
  () => `password=${alnum(12)}`,
  () => 'GB82 WEST 1234 5698 7654 32',
];

const sentence = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(' ');
const path = () => pick(PATHS).replace('{n}', String(int(99999))).replace('{hex}', hex(8));

function textLine(targetBytes: number, sensitive?: string): string {
  let line = `2026-11-29T10:${String(int(60)).padStart(2, '0')}:00.${int(999)}Z ${pick(LEVELS).toUpperCase()} [${pick(SERVICES)}] ${path()} ${sentence(6)} latency_ms=${int(5000)} req=${uuid()}`;
  if (sensitive) line += ` user=${sensitive}`;
  while (line.length < targetBytes) {
    line += `\n    at ${pick(WORDS)}.${pick(WORDS)} (/srv/app/dist/${pick(WORDS)}.js:${int(900)}:${int(80)}) ${sentence(4)}`;
  }
  return line;
}

function jsonRecord(targetBytes: number, sensitive?: string): Record<string, unknown> {
  const record: Record<string, unknown> = {
    timestamp: `2026-11-29T10:00:${String(int(60)).padStart(2, '0')}Z`,
    level: pick(LEVELS),
    service: pick(SERVICES),
    message: `${sentence(5)} ${path()}`,
    trace_id: hex(32),
    span_id: hex(16),
    http: { method: pick(['GET', 'POST', 'PUT']), status: pick([200, 201, 204, 404, 500]), duration_ms: int(4000), path: path() },
    user: { id: uuid(), plan: pick(['free', 'pro', 'team']) },
  };
  if (sensitive) (record.user as Record<string, unknown>).note = `contact ${sensitive}`;
  const items: unknown[] = [];
  record.items = items;
  while (JSON.stringify(record).length < targetBytes) {
    items.push({ sku: `sku_${alnum(8)}`, qty: 1 + int(5), price: `${int(999)}.${int(99)} EUR`, warehouse: pick(SERVICES), note: sentence(3) });
  }
  return record;
}

export interface LogSample {
  value: string | Record<string, unknown>;
  /** Size in bytes as it would arrive (JSON text for objects). */
  bytes: number;
  /** Every string in the record, for the baseline regex pass. */
  text: string;
}

export function logMix(count: number, sensitiveShare = 0.1): LogSample[] {
  seed = 42;
  return Array.from({ length: count }, () => {
    const target = 200 + int(3800);
    const sensitive = random() < sensitiveShare ? pick(SENSITIVE)() : undefined;
    const value = random() < 0.5 ? textLine(target, sensitive) : jsonRecord(target, sensitive);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return { value, bytes: Buffer.byteLength(text), text };
  });
}
