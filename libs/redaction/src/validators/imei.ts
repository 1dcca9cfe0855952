import { passesLuhn } from './luhn';

/** An IMEI: 15 digits (optionally grouped 2-6-6-1) with a valid Luhn check digit. */
export function isImei(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  return /^\d{15}$/.test(digits) && !/^(\d)\1+$/.test(digits) && passesLuhn(digits);
}
