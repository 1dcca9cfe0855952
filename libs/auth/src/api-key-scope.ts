// What an API key may do. `admin` implies the others; `read` and `ingest` are separate so a
// service that ships logs can never read them back. `triage` is an analyst's: read, plus
// acknowledging and resolving alerts, which a read key (a dashboard, a report) may not do.
export enum ApiKeyScope {
  Ingest = 'ingest',
  Read = 'read',
  Triage = 'triage',
  Admin = 'admin',
}

export const API_KEY_SCOPES = Object.values(ApiKeyScope);

export const isApiKeyScope = (value: unknown): value is ApiKeyScope => API_KEY_SCOPES.includes(value as ApiKeyScope);

/** Whether a key of scope `held` may call an endpoint that needs `needed`. */
export function scopeGrants(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return held === ApiKeyScope.Admin || held === needed || (held === ApiKeyScope.Triage && needed === ApiKeyScope.Read);
}
