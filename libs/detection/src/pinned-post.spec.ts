// The delivery connects to the address the SSRF check approved, whatever the name resolves to
// by then: a name that does not resolve at all still reaches the pinned address.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postPinned } from './pinned-post';
import { resolveTarget, WebhookTargetError } from './webhook-target';

describe('pinned webhook POST', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ host?: string; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('connects to the pinned address and still names the host', async () => {
    // `.invalid` never resolves (RFC 6761): only the pin can have routed this.
    const url = new URL(`http://hooks.rebind.invalid:${port}/hook`);
    const status = await postPinned({ url, pinned: { address: '127.0.0.1', family: 4 }, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', timeoutMs: 2000 });
    expect(status).toBe(204);
    expect(seen).toEqual([{ host: `hooks.rebind.invalid:${port}`, body: '{"a":1}' }]);
  });

  it('resolves once and refuses a name whose addresses include a private one', async () => {
    await expect(resolveTarget(new URL('http://localhost/'), false)).rejects.toThrow(WebhookTargetError);
    await expect(resolveTarget(new URL('http://localhost/'), true)).resolves.toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
  });
});
