// Personal data in free text, found by the words around it rather than by a field's name: a
// date is a birth date when a birth cue stands right before it (`born 1987-03-14`,
// `DOB: 14/03/1987`, `geb. 14.03.1987`, `née le 14 mars 1987`, `дата рождения 14.03.1987`,
// `生年月日 1987年3月14日`). A date without a cue is an ordinary date and is kept.
import type { PatternRule } from '../rule';
import { scanPattern } from '../scan-pattern';

const replace = { kind: 'replace' } as const;

/** Birth cues in the languages logs are written in; matched case-insensitively, not inside a word (`reborn`, `airborne`). */
const BIRTH_CUES = [
  String.raw`born(?:\s+on)?`, String.raw`date\s+of\s+birth`, String.raw`birth\s*date`, 'birthday', 'dob', String.raw`d\.o\.b\.?`,
  String.raw`geb\.`, String.raw`geboren(?:\s+(?:am|op))?`, 'geburtsdatum', 'geboortedatum',
  String.raw`n[ée]e?\s+le`, String.raw`date\s+de\s+naissance`,
  String.raw`nacid[oa]\s+el`, String.raw`fecha\s+de\s+nacimiento`, String.raw`nat[oa]\s+il`, String.raw`data\s+di\s+nascita`,
  String.raw`nascid[oa]\s+em`, String.raw`data\s+de\s+nascimento`, String.raw`data\s+urodzenia`, String.raw`urodzon[ya]`,
  String.raw`дата\s+рождения`, String.raw`родил(?:ся|ась)`, '生年月日', '出生日期', '出生于', '생년월일',
].join('|');

/** A date as people write one: numeric (ISO, day or month first), with a month word, or in CJK form. */
const DATE = [
  String.raw`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`,
  String.raw`\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})`,
  String.raw`\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,12}\.?,?\s+(?:de\s+)?\d{4}`,
  String.raw`\p{L}{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`,
  String.raw`\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?`,
].join('|');

/** Numbers in a plausible birth date: a year after 1900, months and days in range wherever they stand. */
function isPlausibleBirthDate(value: string): boolean {
  const numbers = (value.match(/\d+/g) ?? []).map(Number);
  // A two-digit year stands last (`14.03.87`); a four-digit one anywhere.
  const at = numbers.findIndex((n) => n >= 1000);
  const yearAt = at >= 0 ? at : numbers.length === 3 ? 2 : -1;
  if (yearAt < 0) return false;
  const year = numbers[yearAt] < 100 ? 1900 + numbers[yearAt] : numbers[yearAt];
  if (year < 1900 || year > new Date().getUTCFullYear()) return false;
  return numbers.every((n, i) => i === yearAt || (n >= 1 && n <= 31));
}

export const birthDateInText: PatternRule = {
  id: 'birth-date-in-text',
  kind: 'pattern',
  type: 'date-of-birth',
  action: replace,
  // The cue, then up to a few characters of filler (`: `, ` is `, ` on the `), then the date.
  pattern: scanPattern(String.raw`(?i:${BIRTH_CUES})[\s:=,"'(：]{0,3}(?:(?i:is|was|on|the|am|le|el|il|em)\s+){0,2}(${DATE})`, {
    notPrecededBy: String.raw`\p{L}\p{N}_`,
    notFollowedBy: String.raw`\p{N}`,
  }),
  group: 1,
  validate: isPlausibleBirthDate,
  specificity: 6,
};

export const FREE_TEXT_RULES: readonly PatternRule[] = [birthDateInText];
