import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A phone number that libphonenumber's full metadata says is valid. International numbers
 * (`+44 20 7946 0958`) are checked as written; national ones only when they carry phone-like
 * formatting (parentheses, or digit groups separated by spaces, dots or dashes), so that
 * plain digit runs (order ids, timestamps) are never taken for phone numbers.
 *
 * A number written with `+` and a country code is a phone number to a privacy reviewer even
 * where the metadata knows no such range yet (a new prefix, an unassigned block): it counts
 * when its length is possible for that country. Dates, versions and plain ids never start
 * with `+`, and `00` stays held to validity, since ids start with zeros.
 */
export function isPhoneNumber(candidate: string, defaultCountry: CountryCode = 'US'): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  if (!international && !/[()]|\d[ .-]\d/.test(candidate)) return false;
  // Dates and times written with separators are not phone numbers.
  if (/^\d{4}[-./]\d{2}[-./]\d{2}/.test(candidate) || /^\d{2}[-./]\d{2}[-./]\d{4}/.test(candidate)) return false;
  const normalised = candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate;
  const parsed = parsePhoneNumberFromString(normalised, international ? undefined : defaultCountry);
  if (parsed === undefined) return false;
  return parsed.isValid() || (candidate.startsWith('+') && parsed.isPossible());
}
