import { isIPv6 } from 'node:net';

/** Dotted-quad IPv4 with octets 0-255 and no leading zeros; the unspecified and loopback addresses are not personal data. */
export function isPersonalIpv4(candidate: string): boolean {
  const octets = candidate.split('.');
  if (octets.length !== 4) return false;
  if (!octets.every((octet) => /^(?:0|[1-9]\d{0,2})$/.test(octet) && Number(octet) <= 255)) return false;
  return candidate !== '0.0.0.0' && !candidate.startsWith('127.') && candidate !== '255.255.255.255';
}

/** Any IPv6 form (full, compressed, IPv4-embedded, with zone), except the unspecified and loopback addresses. */
export function isPersonalIpv6(candidate: string): boolean {
  const address = candidate.split('%')[0];
  // Clock times and ratios (10:30:00) have too few groups; isIPv6 rejects them.
  return isIPv6(address) && address !== '::' && address !== '::1';
}

/** A MAC address: six octets joined by one kind of separator, or three dotted groups of four. */
export function isMacAddress(candidate: string): boolean {
  return /^[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$/i.test(candidate) || /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(candidate);
}
