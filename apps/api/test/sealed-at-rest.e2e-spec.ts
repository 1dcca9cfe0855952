// Accepted content rests sealed until a worker redacts it. Here no worker runs (the api role
// alone, with its own queue), so every record is read while pending: JSON, text, NDJSON and
// OTLP alike must be stored as ciphertext, with no plaintext field beside it.
import { AppRole } from '@app/config';
import { authed, storedRecord, storedDocs, startTestApp, type TestApp } from '@app/testing';
import { collectionName, groupMinute, parseLogId, StoreKind } from '@app/logs';

describe('sealed at rest while processing is held back', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(AppRole.Api);
  });
  afterAll(() => t.close());

  const marker = (kind: string) => `${kind}-` + 'sealed' + '@example.com';

  it.each([
    ['JSON', () => authed(t.server, 'ingest').post('/logs').send({ log_data: { email: marker('json') } })],
    ['text', () => authed(t.server, 'ingest').post('/logs').set('Content-Type', 'text/plain').send(`login by ${marker('text')}`)],
    ['NDJSON', () => authed(t.server, 'ingest').post('/logs').set('Content-Type', 'application/x-ndjson').send(`{"message":"${marker('ndjson')}"}\n{"message":"two"}`)],
    [
      'OTLP',
      () =>
        authed(t.server, 'ingest')
          .post('/v1/logs')
          .set('Content-Type', 'application/json')
          .send({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: `otlp from ${marker('otlp')}` } }] }] }] }),
    ],
  ])('%s: the pending document holds only ciphertext', async (kind, send) => {
    const response = await send();
    expect([200, 202]).toContain(response.status);
    const ids: string[] = response.body.log_ids ?? (await storedIdsOfOtlp());
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const pending = await storedRecord(t.db, 'pending_logs', id);
      expect(pending).toMatchObject({ status: 'pending', sealed: { kid: expect.stringMatching(/^[0-9a-f]{8}$/), iv: expect.any(String), tag: expect.any(String), data: expect.any(String) } });
      expect(Buffer.from(pending!.sealed.tag, 'base64')).toHaveLength(16);
      expect(pending).not.toHaveProperty('content');
      expect(JSON.stringify(pending)).not.toContain(marker(kind.toLowerCase()));
      expect(await storedRecord(t.db, 'logs', id)).toBeNull();
      // The group's document as stored, whole: ciphertext and metadata only.
      const { group } = parseLogId(id)!;
      const raw = await t.db.collection(collectionName(StoreKind.Groups, groupMinute(group))).findOne({ _id: group as never });
      expect(raw).not.toBeNull();
      expect(JSON.stringify(raw)).not.toContain(marker(kind.toLowerCase()));
    }
  });

  /** OTLP answers in its own shape, without ids: the pending copies are found by listing the store. */
  async function storedIdsOfOtlp(): Promise<string[]> {
    const docs = await storedDocs(t.db, 'pending_logs', { source: 'otlp' });
    return docs.map((d) => d._id.toHexString());
  }
});
