// Where webhooks may go. Targets on private, loopback, link-local or otherwise internal
// addresses are refused unless configured (WEBHOOK_ALLOW_PRIVATE_TARGETS), so a rule author
// cannot make workers call internal services (SSRF). Checked when a rule is saved (the URL
// as written) and again at delivery, where the name is resolved once, every address checked,
// and the connection made to a checked address (pinned), so a second resolution answering
// differently (DNS rebinding) is never asked.
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export class WebhookTargetError extends Error {
  override name = 'WebhookTargetError';
}

const INTERNAL = new BlockList();
// IANA special-purpose ranges that reach nothing public: this network, private, shared (CGN),
// loopback, link-local, IETF protocol assignments, benchmarking, multicast, reserved.
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
// IPv6: unspecified and IPv4-compatible (`::127.0.0.1`), loopback, NAT64 (`64:ff9b::10.0.0.1`,
// whose IPv4 part a gateway would reach), 6to4 (`2002::/16`, likewise), unique local,
// site-local (deprecated, still routed inside some networks), link-local, multicast.
for (const [net, prefix] of [['::', 96], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16], ['fc00::', 7], ['fec0::', 10], ['fe80::', 10], ['ff00::', 8]] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

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
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!allowPrivate && (isLocalhostName(host) || (isIP(host) !== 0 && isInternalAddress(host)))) {
    throw new WebhookTargetError('a target on a private or loopback address is refused (WEBHOOK_ALLOW_PRIVATE_TARGETS)');
  }
  return url;
}

/** `localhost`, `localhost.` and every name under it (RFC 6761: they all mean this machine). */
function isLocalhostName(host: string): boolean {
  const name = host.replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

/**
 * At delivery: resolves the host once; every address must be public (unless allowed). The
 * answer is the address to connect to: the caller pins it, so no second lookup can differ.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  if (addresses.length === 0) throw new WebhookTargetError('the target does not resolve');
  if (!allowPrivate && addresses.some((a) => isInternalAddress(a.address))) throw new WebhookTargetError('the target resolves to a private or loopback address');
  const [first] = addresses;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** What a key below admin sees of a target: its origin. Chat webhooks carry their secret in the path or query. */
export function targetShownToNonAdmin(target: string): string {
  try {
    return `${new URL(target).origin}/…`;
  } catch {
    return '(hidden)';
  }
}
