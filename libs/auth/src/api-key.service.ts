// Authenticates presented keys and manages stored ones. Bootstrap keys (API_KEYS) are checked
// in memory; stored keys by one _id lookup, cached briefly so ingest does not pay a database
// round trip per request. A revocation takes effect at once on this replica and within
// CACHE_MS on others.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { loadEnv } from '@app/config';
import type { Model } from 'mongoose';
import type { ApiKeyScope } from './api-key-scope';
import { generateApiKey, hashSecret, isApiKeyId, parseApiKey, secretMatches } from './api-key-secret';
import { ApiKeyDoc } from './api-key.schema';
import { parseBootstrapKeys, type BootstrapKey } from './bootstrap-keys';
import { timingSafeEqual } from 'node:crypto';

/** Who made a request: enough to authorise and rate-limit it, never the secret. */
export interface Principal {
  keyId: string;
  scope: ApiKeyScope;
}

export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: Date;
  revokedAt?: Date;
}

const CACHE_MS = 5_000;
/** Key ids remembered (found or not): a bound, since anyone can present a well-formed unknown id. */
const CACHE_MAX_KEYS = 10_000;

@Injectable()
export class ApiKeyService {
  private readonly bootstrap: BootstrapKey[] = parseBootstrapKeys(loadEnv().API_KEYS);
  private readonly cache = new Map<string, { principal: Principal | null; secretHash: string; until: number }>();
  private ids?: { listed: Promise<Set<string>>; until: number };

  constructor(@InjectModel(ApiKeyDoc.name) private readonly keys: Model<ApiKeyDoc>) {}

  async authenticate(presented: string): Promise<Principal | null> {
    const known = this.known(presented);
    if (known) return known.principal;
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const doc = await this.keys.findById(parsed.id).lean().exec();
    const principal = doc && !doc.revokedAt ? { keyId: doc._id, scope: doc.scope } : null;
    // Unknown ids are remembered too (no secret matches an empty hash), so repeating one costs no lookup.
    if (this.cache.size >= CACHE_MAX_KEYS) this.cache.clear();
    this.cache.set(parsed.id, { principal, secretHash: doc?.secretHash ?? '', until: Date.now() + CACHE_MS });
    return principal && secretMatches(parsed.secret, doc!.secretHash) ? principal : null;
  }

  /**
   * Whether a key may be one of ours, decided without a lookup of it: a bootstrap key, or a
   * stored key's id (all ids are listed, at most once every CACHE_MS). An address past its
   * anonymous budget is answered from this: a valid key still gets in, while made-up ids,
   * however many, cost no lookup each.
   */
  async mayExist(presented: string): Promise<boolean> {
    if (this.matchBootstrap(presented)) return true;
    const parsed = parseApiKey(presented);
    return parsed !== null && (await this.storedIds()).has(parsed.id);
  }

  private storedIds(): Promise<Set<string>> {
    if (!this.ids || this.ids.until <= Date.now()) {
      const listed = this.keys
        .find({}, { _id: 1 })
        .lean()
        .exec()
        .then((docs) => new Set(docs.map((doc) => doc._id)));
      this.ids = { listed, until: Date.now() + CACHE_MS };
      listed.catch(() => (this.ids = undefined));
    }
    return this.ids.listed;
  }

  /** What can be decided without the database: a bootstrap key, or a key id cached moments ago. Undefined: look it up. */
  private known(presented: string): { principal: Principal | null } | undefined {
    const fromEnv = this.matchBootstrap(presented);
    if (fromEnv) return { principal: fromEnv };
    const parsed = parseApiKey(presented);
    const cached = parsed && this.cache.get(parsed.id);
    if (!parsed || !cached || cached.until <= Date.now()) return undefined;
    return { principal: secretMatches(parsed.secret, cached.secretHash) ? cached.principal : null };
  }

  /** Creates a key; the returned `key` is the only time the secret exists outside the caller. */
  async create(name: string, scope: ApiKeyScope): Promise<ApiKeyView & { key: string }> {
    const { id, key, secretHash } = generateApiKey();
    const doc = await this.keys.create({ _id: id, name, scope, secretHash, createdAt: new Date() });
    this.cache.delete(id);
    this.ids = undefined;
    return { ...toView(doc.toObject()), key };
  }

  async list(): Promise<ApiKeyView[]> {
    const docs = await this.keys.find({}, { secretHash: 0 }).sort({ createdAt: -1 }).lean().exec();
    return docs.map(toView);
  }

  /** Revokes a stored key; null when there is none with this id. */
  async revoke(id: string): Promise<ApiKeyView | null> {
    if (!isApiKeyId(id)) return null;
    // updateOne then find: FerretDB 1.24 refuses findAndModify with a projection.
    const { matchedCount } = await this.keys.updateOne({ _id: id }, { $set: { revokedAt: new Date() } }).exec();
    this.cache.delete(id);
    const doc = matchedCount > 0 ? await this.keys.findById(id, { secretHash: 0 }).lean().exec() : null;
    return doc ? toView(doc) : null;
  }

  private matchBootstrap(presented: string): Principal | null {
    const hash = Buffer.from(hashSecret(presented), 'hex');
    // Every bootstrap key is compared, so timing says nothing about which one (if any) matched.
    let found: BootstrapKey | undefined;
    for (const key of this.bootstrap) if (timingSafeEqual(hash, Buffer.from(key.secretHash, 'hex'))) found ??= key;
    return found ? { keyId: found.id, scope: found.scope } : null;
  }
}

function toView(doc: Omit<ApiKeyDoc, 'secretHash'> & { secretHash?: string }): ApiKeyView {
  return { id: doc._id, name: doc.name, scope: doc.scope, createdAt: doc.createdAt, ...(doc.revokedAt ? { revokedAt: doc.revokedAt } : {}) };
}
