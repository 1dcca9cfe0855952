// Where webhooks may go. Targets on private, loopback, link-local or otherwise internal
// addresses are refused unless configured (WEBHOOK_ALLOW_PRIVATE_TARGETS), so a rule author
// cannot make workers call internal services (SSRF). Checked when a rule is saved (the URL
// as written) and again at delivery (the addresses the name resolves to then).
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export class WebhookTargetError extends Error {}

const INTERNAL = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) INTERNAL.addSubnet(net, prefix, 'ipv6');

export function isInternalAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is judged by its IPv4 part.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isInternalAddress(mapped[1]);
  const family = isIP(address);
  return family === 0 || INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL, if it is an http(s) URL without credentials whose host is not a literal internal address. */
export function checkTargetUrl(target: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new WebhookTargetError('a target must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('a target must be an http or https URL');
  if (url.username || url.password) throw new WebhookTargetError('a target URL must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || (isIP(host) !== 0 && isInternalAddress(host)))) {
    throw new WebhookTargetError('a target on a private or loopback address is refused (WEBHOOK_ALLOW_PRIVATE_TARGETS)');
  }
  return url;
}

/** At delivery: every address the host resolves to must be public (unless allowed). */
export async function checkResolvedTarget(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  if (addresses.length === 0 || addresses.some(isInternalAddress)) throw new WebhookTargetError('the target resolves to a private or loopback address');
}
