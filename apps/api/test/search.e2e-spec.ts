// GET /logs filters and pagination, the NDJSON export, GET /stats and the live tail, over
// HTTP against the real app, Redis and the MongoDB-protocol server.
import { resetEnvForTests } from '@app/config';
import { ChunkCatalog } from '@app/logs';
import { countCalls, countStored, authed, keyHeader, openEventStream, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { AddressInfo } from 'node:net';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe('search, stats and live tail', () => {
  let t: TestApp;
  let base: string;

  const processedCount = async () => countStored(t.db, 'logs');
  const ingest = async (records: object[]) => {
    const before = await processedCount();
    const ndjson = records.map((r) => JSON.stringify(r)).join('\n');
    const { body } = await authed(t.server, 'ingest').post('/logs').set('Content-Type', 'application/x-ndjson').send(ndjson).expect(202);
    await waitFor(async () => (await processedCount()) >= before + records.length, 15_000, `${records.length} records processed`);
    return body.log_ids as string[];
  };
  const search = async (query: string) => (await authed(t.server, 'read').get(`/logs?${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    await ingest([
      { timestamp: minutesAgo(50), level: 'info', service: 'auth', message: 'User jane logged in', attributes: { user: 'jane', http: { status: 200 } } },
      { timestamp: minutesAgo(40), level: 'error', service: 'auth', message: 'Login FAILED for bob', attributes: { user: 'bob', http: { status: 401 } } },
      { timestamp: minutesAgo(30), level: 'warn', service: 'payments', message: 'Card declined for a.c@example.com', attributes: { amount: 12.5 } },
      { timestamp: minutesAgo(20), level: 'error', service: 'payments', message: 'abc timeout', attributes: { retry: true } },
      { timestamp: minutesAgo(10), level: 'info', service: 'search', message: 'query took 12ms' },
      { timestamp: minutesAgo(200), level: 'debug', service: 'auth', message: 'old line' },
    ]);
  }, 30_000);
  afterAll(() => t.close());

  describe('GET /logs filters', () => {
    const messages = (body: { items: Array<{ message: string }> }) => body.items.map((i) => i.message);

    it('returns processed logs newest first with their redacted content', async () => {
      const body = await search('');
      expect(messages(body)).toEqual(['query took 12ms', 'abc timeout', 'Card declined for [REDACTED:email]', 'Login FAILED for bob', 'User jane logged in', 'old line']);
      expect(body.next).toBeNull();
      expect(JSON.stringify(body)).not.toContain('a.c@example.com');
    });

    it('level and service, repeatable', async () => {
      expect(messages(await search('level=error'))).toEqual(['abc timeout', 'Login FAILED for bob']);
      expect(messages(await search('level=warn&level=ERROR'))).toEqual(['abc timeout', 'Card declined for [REDACTED:email]', 'Login FAILED for bob']);
      expect(messages(await search('service=auth&level=info'))).toEqual(['User jane logged in']);
      expect(messages(await search('service=payments&service=search'))).toHaveLength(3);
    });

    it('q is a case-insensitive literal substring, never a regex', async () => {
      expect(messages(await search('q=failed'))).toEqual(['Login FAILED for bob']);
      expect(messages(await search(`q=${encodeURIComponent('a.c')}`))).toEqual([]);
      expect(messages(await search(`q=${encodeURIComponent('.*')}`))).toEqual([]);
      expect(messages(await search(`q=${encodeURIComponent('[REDACTED')}`))).toEqual(['Card declined for [REDACTED:email]']);
    });

    it('attr.<path> matches strings, numbers and booleans at any depth', async () => {
      expect(messages(await search('attr.user=bob'))).toEqual(['Login FAILED for bob']);
      expect(messages(await search('attr.http.status=200'))).toEqual(['User jane logged in']);
      expect(messages(await search('attr.amount=12.5'))).toEqual(['Card declined for [REDACTED:email]']);
      expect(messages(await search('attr.retry=true'))).toEqual(['abc timeout']);
    });

    it('from and to, ISO or relative', async () => {
      expect(messages(await search('from=25m'))).toEqual(['query took 12ms', 'abc timeout']);
      expect(messages(await search(`from=${encodeURIComponent(minutesAgo(45))}&to=${encodeURIComponent(minutesAgo(25))}`))).toEqual(['Card declined for [REDACTED:email]', 'Login FAILED for bob']);
      expect(messages(await search('to=3h'))).toEqual(['old line']);
    });

    it('status=failed lists failed logs without content', async () => {
      const body = await search('status=failed');
      expect(body.items).toEqual([]);
      await authed(t.server, 'read').get('/logs?status=failed&q=x').expect(400);
    });

    it.each([
      ['level[$ne]=x', /Unknown query parameter/],
      ['attr.user[$gt]=', /attr/],
      ['nope=1', /Unknown query parameter/],
      ['limit=0', /limit/],
      ['limit=1001', /limit/],
      ['from=yesterday', /from/],
      ['cursor=abc', /cursor/],
      ['from=1m&to=2h', /"from" must not be after "to"/],
      ['attr.$where=1', /attr/],
      ['status=secret', /status/],
      ['format=xml', /format/],
    ])('400 naming the problem for %s', async (query, message) => {
      const { body } = await authed(t.server, 'read').get(`/logs?${query}`).expect(400);
      expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    });
  });

  describe('pagination', () => {
    it('pages with a keyset cursor: no duplicates and no gaps while newer logs arrive', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let inserted = false;
      do {
        const page: { items: Array<{ log_id: string }>; next: string | null } = await search(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.log_id));
        if (!inserted) {
          inserted = true;
          // Newer than everything: must not shift the pages already being read.
          await ingest([{ message: 'arrived while paging', level: 'info' }, { message: 'arrived too', level: 'info' }]);
        }
        cursor = page.next;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(6);
      const all = (await search('limit=1000')).items.map((i: { log_id: string }) => i.log_id);
      expect(all.filter((id: string) => !seen.includes(id))).toHaveLength(2);
    });

    it('streams every match as NDJSON with format=ndjson', async () => {
      const response = await authed(t.server, 'read').get('/logs?format=ndjson&service=auth').buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/application\/x-ndjson/);
      const lines = (response.body as string).trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((l) => l.message)).toEqual(['Login FAILED for bob', 'User jane logged in', 'old line']);
    });
  });

  describe('GET /stats', () => {
    it('counts by level over buckets and by service, top redaction rules and queue depth', async () => {
      const { body } = await authed(t.server, 'read').get('/stats?from=1h&bucket=10m').expect(200);
      expect(body.bucket_ms).toBe(600_000);
      expect(body.by_level).toMatchObject({ info: expect.any(Number), error: 2, warn: 1 });
      expect(body.by_service).toMatchObject({ auth: 2, payments: 2, search: 1 });
      expect(body.buckets.reduce((sum: number, b: { total: number }) => sum + b.total, 0)).toBe(body.records);
      expect(body.top_redaction_rules).toEqual(expect.arrayContaining([{ rule: 'email', count: 1 }]));
      expect(body.queue).toEqual({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number) });
      await authed(t.server, 'read').get('/stats?from=7d&bucket=1m').expect(400);
    });
  });

  describe('GET /logs/stream', () => {
    it('delivers a new log live, filtered, and resumes from Last-Event-ID without gaps', async () => {
      const tail = await openEventStream(`${base}/logs/stream?service=tail-test`, keyHeader('read'));
      expect(tail.status).toBe(200);
      await tail.next((e) => e.event === 'ready');
      // How fast is bench/'s question (bench:detection, bench:ingest); here: it arrives, live, alone.
      await authed(t.server, 'ingest').post('/logs').send([{ service: 'other', message: 'not for this tail' }, { service: 'tail-test', message: 'first' }]).expect(202);
      const first = await tail.next((e) => e.event === 'log', 10_000);
      expect(first.data.message).toBe('first');
      expect(tail.events.filter((e) => e.event === 'log')).toHaveLength(1);
      tail.close();

      // While disconnected: two more. Resuming must deliver both, from the store.
      await ingest([{ service: 'tail-test', message: 'second' }, { service: 'tail-test', message: 'third' }]);
      const resumed = await openEventStream(`${base}/logs/stream?service=tail-test`, { ...keyHeader('read'), 'Last-Event-ID': first.id! });
      await resumed.next((e) => e.event === 'ready');
      const replayed = resumed.events.filter((e) => e.event === 'log').map((e) => e.data.message);
      expect(replayed).toEqual(expect.arrayContaining(['second', 'third']));
      expect(replayed).not.toContain('first');
      resumed.close();
    }, 20_000);

    it('sends heartbeats and ends a tail at its time limit with an end event', async () => {
      // TAIL_HEARTBEAT_SECONDS and TAIL_MAX_SECONDS are read per request.
      Object.assign(process.env, { TAIL_HEARTBEAT_SECONDS: '1', TAIL_MAX_SECONDS: '2' });
      resetEnvForTests();
      const tail = await openEventStream(`${base}/logs/stream`, keyHeader('read'));
      const end = await tail.next((e) => e.event === 'end', 5000);
      expect(end.data.reason).toMatch(/limit/);
      expect(tail.comments.some((c) => c.startsWith('heartbeat'))).toBe(true);
      await tail.closed;
    }, 10_000);

    it('replays a long absence in pages, oldest first, each record once', async () => {
      const tail = await openEventStream(`${base}/logs/stream?service=paged-resume`, keyHeader('read'));
      await tail.next((e) => e.event === 'ready');
      await authed(t.server, 'ingest').post('/logs').send({ service: 'paged-resume', message: 'm-0' }).expect(202);
      const first = await tail.next((e) => e.event === 'log', 5000);
      tail.close();
      // 250 missed records: more than two replay pages of 100.
      await ingest(Array.from({ length: 250 }, (_, i) => ({ service: 'paged-resume', message: `m-${i + 1}` })));
      const resumed = await openEventStream(`${base}/logs/stream?service=paged-resume`, { ...keyHeader('read'), 'Last-Event-ID': first.id! });
      await resumed.next((e) => e.event === 'ready', 10_000);
      const replayed = resumed.events.filter((e) => e.event === 'log');
      expect(replayed).toHaveLength(250);
      expect(new Set(replayed.map((e) => e.id)).size).toBe(250);
      expect(new Set(replayed.map((e) => e.data.message))).toEqual(new Set(Array.from({ length: 250 }, (_, i) => `m-${i + 1}`)));
      const times = replayed.map((e) => Number(e.id!.split('-')[0]));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      resumed.close();
    }, 30_000);

    it('answers a position more than 2,000 records behind with a gap, told from the catalog without opening a chunk', async () => {
      const tail = await openEventStream(`${base}/logs/stream?service=far-behind`, keyHeader('read'));
      await tail.next((e) => e.event === 'ready');
      await authed(t.server, 'ingest').post('/logs').send({ service: 'far-behind', message: 'seen' }).expect(202);
      const seen = await tail.next((e) => e.event === 'log', 5000);
      tail.close();
      await ingest(Array.from({ length: 2_100 }, (_, i) => ({ service: 'far-behind', message: `missed ${i}` })));
      const opened = countCalls(t.app.get(ChunkCatalog), 'records');
      try {
        const resumed = await openEventStream(`${base}/logs/stream?service=far-behind`, { ...keyHeader('read'), 'Last-Event-ID': seen.id! });
        await resumed.next((e) => e.event === 'ready', 10_000);
        expect(resumed.events.map((e) => e.event)).toEqual(['gap', 'ready']);
        expect(opened.calls).toBe(0);
        resumed.close();
      } finally {
        opened.restore();
      }
    }, 30_000);

    it('answers a position too old to replay with a gap, loading nothing', async () => {
      const tail = await openEventStream(`${base}/logs/stream`, { ...keyHeader('read'), 'Last-Event-ID': '0-000000000000000000000000' });
      const ready = await tail.next((e) => e.event === 'ready', 5000);
      expect(ready.data).toEqual({ live: true, resumed: true });
      expect(tail.events.map((e) => e.event)).toEqual(['gap', 'ready']);
      expect(tail.events[0].data.reason).toMatch(/Too far behind/);
      tail.close();
    });

    it('holds at most TAIL_MAX_PER_KEY tails open per key, and TAIL_MAX_CONNECTIONS in all', async () => {
      Object.assign(process.env, { TAIL_MAX_PER_KEY: '2', TAIL_MAX_CONNECTIONS: '3' });
      resetEnvForTests();
      // The per-key cap is read when the controller is built: a fresh app takes the new value.
      const capped = await startTestApp();
      const cappedBase = `http://127.0.0.1:${(capped.server.address() as AddressInfo).port}`;
      const tail = (scope: 'read' | 'admin' | 'triage') => openEventStream(`${cappedBase}/logs/stream`, keyHeader(scope));
      try {
        const open = [await tail('read'), await tail('read')];
        expect(open.map((s) => s.status)).toEqual([200, 200]);
        const third = await tail('read');
        expect(third.status).toBe(429);
        const otherKey = await tail('admin');
        expect(otherKey.status).toBe(200);
        // Three tails are open: a fourth is refused whichever key asks.
        const overall = await tail('triage');
        expect(overall.status).toBe(429);
        open[0].close();
        await open[0].closed;
        await waitFor(async () => {
          const again = await tail('read');
          again.close();
          return again.status === 200;
        }, 5000, 'a slot given back when a tail closes');
        for (const s of [open[1], otherKey]) s.close();
      } finally {
        delete process.env.TAIL_MAX_PER_KEY;
        delete process.env.TAIL_MAX_CONNECTIONS;
        resetEnvForTests();
        await capped.close();
      }
    }, 20_000);

    it('400 for a Last-Event-ID it never sent; 401 without a key', async () => {
      const bad = await openEventStream(`${base}/logs/stream`, { ...keyHeader('read'), 'Last-Event-ID': 'nope' });
      expect(bad.status).toBe(400);
      const anonymous = await openEventStream(`${base}/logs/stream`, {});
      expect(anonymous.status).toBe(401);
    });
  });
});
