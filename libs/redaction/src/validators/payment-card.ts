import { passesLuhn } from './luhn';

// Issuer identification number prefixes and the lengths each network issues.
const NETWORKS: Array<{ prefix: RegExp; lengths: number[] }> = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa
  { prefix: /^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(6011|65|64[4-9]|622(12[6-9]|1[3-9]\d|[2-8]\d\d|9[01]\d|92[0-5]))/, lengths: [16, 17, 18, 19] }, // Discover
  { prefix: /^35(2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] }, // JCB
  { prefix: /^3(0[0-5]|[689])/, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { prefix: /^(5018|5020|5038|5893|6304|6759|676[1-3])/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { prefix: /^62/, lengths: [16, 17, 18, 19] }, // UnionPay
  { prefix: /^220[0-4]/, lengths: [16] }, // Mir
];

/**
 * A payment card number: 13-19 digits, optionally grouped by single spaces or dashes (one kind
 * of separator throughout), a known network prefix and length, and a valid Luhn checksum.
 */
export function isPaymentCard(candidate: string): boolean {
  const separators = new Set(candidate.replace(/\d/g, ''));
  if (separators.size > 1) return false;
  const digits = candidate.replace(/[ -]/g, '');
  if (!/^\d{13,19}$/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  const network = NETWORKS.find((n) => n.prefix.test(digits));
  return network !== undefined && network.lengths.includes(digits.length) && passesLuhn(digits);
}
