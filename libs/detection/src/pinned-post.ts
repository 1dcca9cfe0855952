// One HTTP(S) POST to an address decided beforehand. The URL's host still names the server
// (Host header, TLS SNI and certificate check), but the connection goes to `pinned`: the
// address the SSRF check approved, so a DNS answer that changes between check and connect
// (rebinding) cannot send the request inside the network.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedTarget } from './webhook-target';

export interface PinnedPost {
  url: URL;
  pinned: ResolvedTarget;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Resolves to the response status; the response body is discarded unread. Redirects are not followed. */
export function postPinned({ url, pinned, headers, body, timeoutMs }: PinnedPost): Promise<number> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily).
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, lookup, signal: AbortSignal.timeout(timeoutMs) },
      (response: IncomingMessage) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
