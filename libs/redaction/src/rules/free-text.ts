// Personal data in free text, found by the words around it rather than by a field's name: a
// date is a birth date when a birth cue stands right before it (`born 1987-03-14`,
// `DOB: 14/03/1987`, `geb. 14.03.1987`, `née le 14 mars 1987`, `дата рождения 14.03.1987`,
// `生年月日 1987年3月14日`); a street and number is an address when a postcode or city comes
// with it, in the forms of the countries whose formats logs carry most. A date without a cue,
// or a number and a street-like word alone (`12 Monkeys`, `Baker Street`), is kept.
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

// Unicode classes are large automata once compiled to bytes, and a counted repeat copies its
// class: names are runs (`*`), bounded by the comma, digits or type word that must follow.
/** A capitalised word of a place's name. */
const WORD = String.raw`\p{Lu}[\p{L}'’.-]*`;
/** A place's name: a capitalised word and whatever letters, spaces and particles follow it. */
const WORDS = String.raw`\p{Lu}[\p{L}'’. -]*`;
/** A street's name without digits or commas (French, Spanish and Italian names start lower-case after their type). */
const STREET_NAME = String.raw`[^,\n\d][^,\n\d]+`;

/** Street-and-number forms, each with the postcode or city that makes it an address. */
const ADDRESS_FORMS = [
  // US: 1600 Pennsylvania Avenue NW, Suite 200, Washington, DC 20500
  String.raw`\d{1,6}\s+(?:[NSEW]\.?\s+)?${WORDS}\s+(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|parkway|pkwy|highway|hwy)\.?(?:\s+[NS][EW])?(?:,?\s+(?i:apt|suite|ste|unit|#)\.?\s*[\w-]{1,6})?,\s*${WORDS},?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?`,
  // UK: 221B Baker Street, London NW1 6XE (a city, or the postcode alone)
  String.raw`\d{1,4}[A-Za-z]?\s+${WORDS}\s+(?i:street|road|lane|avenue|close|way|gardens|crescent|drive|place|square|terrace|hill|row|mews|grove|court|park|walk|green)(?:,\s*${WORDS})?,?\s+[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}`,
  // DE/AT/CH: Bahnhofstraße 9, 84402 Leipzig; Berliner Str. 12a, D-10115 Berlin
  String.raw`(?:${WORD}\s+)?(?:\p{Lu}[\p{L}-]*)?(?i:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt)\s+\d{1,4}\s?[a-z]?,?\s+(?:D-|A-|CH-)?\d{4,5}\s+${WORD}`,
  // FR: 12 bis, rue de la Paix, 75002 Paris
  String.raw`\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours)\s+${STREET_NAME},?\s+\d{5}\s+${WORD}`,
  // ES/IT: Calle Mayor 12, 28013 Madrid; Via Roma, 10, 00184 Roma
  String.raw`(?i:calle|c/|avenida|avda\.|plaza|paseo|camino|via|viale|piazza|corso|largo|vicolo)\s+${STREET_NAME},?\s*(?:n[º°o.]\s*)?\d{1,4}[a-zA-Z]?,?\s+\d{5}\s+${WORD}`,
  // RU: ул. Ленина, д. 5, кв. 12 (the house marker), with a city or postcode before or after
  String.raw`(?:\d{6},?\s+)?(?:г\.\s*${WORD},?\s+)?(?i:ул\.|улица|пр\.|проспект|пер\.|переулок|наб\.|шоссе|бульвар)\s+[^,\n][^,\n]+,\s*(?i:д\.|дом)\s*\d{1,4}[а-я]?(?:,\s*(?i:кв\.|квартира)\s*\d{1,4})?`,
  // JP: 〒100-0001 東京都千代田区千代田1-1 (a prefecture, a city or ward, block numbers)
  String.raw`(?:〒\s?\d{3}-\d{4}\s*)?(?:東京都|北海道|京都府|大阪府|\p{Han}{2,3}県)\p{Han}+[市区町村郡]\p{Han}*\d{1,4}(?:丁目|[-−])\d{1,4}(?:(?:番地?|[-−])\d{1,4}号?)?`,
].join('|');

export const streetAddressInText: PatternRule = {
  id: 'street-address-in-text',
  kind: 'pattern',
  type: 'postal-address',
  action: replace,
  pattern: scanPattern(ADDRESS_FORMS, { notPrecededBy: String.raw`\p{L}\p{N}_`, notFollowedBy: String.raw`\p{L}\p{N}` }),
  specificity: 5,
};

export const FREE_TEXT_RULES: readonly PatternRule[] = [birthDateInText, streetAddressInText];
