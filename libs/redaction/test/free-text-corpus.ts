// A generated labelled corpus for personal data in free text and secrets under uncommon field
// names, as support and payments teams log them: birth dates after a cue in several languages
// and date forms; street addresses in seven national forms; PINs, card codes, security answers, one-time and recovery codes, MFA seeds
// and `pw` under their context. Beside them the look-alikes that must be kept: dates without a
// cue, numbers beside product and tool names, status, country, zip and promo codes, flags,
// security questions. Seeded, so every run
// sees the same records; no literal secret sits in the source.
import type { CorpusRecord } from './corpus';
import { seeded } from './seeded';

const MONTHS: Record<string, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
};

type DateParts = { y: number; m: number; d: number };
const pad = (n: number) => String(n).padStart(2, '0');

/** Birth-date messages: a template with its cue, and how it writes the date. */
const BIRTH_TEMPLATES: Array<(date: DateParts) => [string, string]> = [
  ({ y, m, d }) => [`applicant born ${y}-${pad(m)}-${pad(d)} is under the minimum age`, `${y}-${pad(m)}-${pad(d)}`],
  ({ y, m, d }) => [`refund blocked: customer born on ${pad(d)}/${pad(m)}/${y} failed the age check`, `${pad(d)}/${pad(m)}/${y}`],
  ({ y, m, d }) => [`KYC mismatch, DOB ${pad(m)}/${pad(d)}/${y} on file`, `${pad(m)}/${pad(d)}/${y}`],
  ({ y, m, d }) => [`cardholder date of birth ${d} ${MONTHS.en[m - 1]} ${y} does not match the ID`, `${d} ${MONTHS.en[m - 1]} ${y}`],
  ({ y, m, d }) => [`loyalty signup, birthday ${MONTHS.en[m - 1]} ${d}, ${y}`, `${MONTHS.en[m - 1]} ${d}, ${y}`],
  ({ y, m, d }) => [`Antrag abgelehnt: Kunde geb. ${pad(d)}.${pad(m)}.${y} ist minderjährig`, `${pad(d)}.${pad(m)}.${y}`],
  ({ y, m, d }) => [`Kundin geboren am ${d}. ${MONTHS.de[m - 1]} ${y}, Konto gesperrt`, `${d}. ${MONTHS.de[m - 1]} ${y}`],
  ({ y, m, d }) => [`dossier: cliente née le ${d} ${MONTHS.fr[m - 1]} ${y}`, `${d} ${MONTHS.fr[m - 1]} ${y}`],
  ({ y, m, d }) => [`verificación fallida, fecha de nacimiento ${d} de ${MONTHS.es[m - 1]} de ${y}`, `${d} de ${MONTHS.es[m - 1]} de ${y}`],
  ({ y, m, d }) => [`richiesta respinta: cliente nato il ${pad(d)}/${pad(m)}/${y}`, `${pad(d)}/${pad(m)}/${y}`],
  ({ y, m, d }) => [`проверка не пройдена: дата рождения ${pad(d)}.${pad(m)}.${y}`, `${pad(d)}.${pad(m)}.${y}`],
  ({ y, m, d }) => [`клиент родился ${d} ${MONTHS.ru[m - 1]} ${y}`, `${d} ${MONTHS.ru[m - 1]} ${y}`],
  ({ y, m, d }) => [`本人確認エラー 生年月日 ${y}年${m}月${d}日`, `${y}年${m}月${d}日`],
  ({ y, m, d }) => [`实名认证失败，出生日期 ${y}-${pad(m)}-${pad(d)}`, `${y}-${pad(m)}-${pad(d)}`],
  ({ y, m, d }) => [`본인 인증 실패 생년월일 ${y}년 ${m}월 ${d}일`, `${y}년 ${m}월 ${d}일`],
];

/** Dates and numbers with no birth cue: kept. */
const PLAIN_DATES: Array<(date: DateParts) => [string, string]> = [
  ({ y, m, d }) => [`deploy finished ${y}-${pad(m)}-${pad(d)} 12:00`, `${y}-${pad(m)}-${pad(d)}`],
  ({ y, m, d }) => [`invoice dated ${pad(d)}/${pad(m)}/${y} paid in full`, `${pad(d)}/${pad(m)}/${y}`],
  ({ y, m, d }) => [`airborne since ${y}-${pad(m)}-${pad(d)}, flight log closed`, `${y}-${pad(m)}-${pad(d)}`],
  ({ y, m, d }) => [`Lieferung am ${pad(d)}.${pad(m)}.${y} zugestellt`, `${pad(d)}.${pad(m)}.${y}`],
];

/** Addresses in the national forms the rule knows, from a house number, a postcode and a city. */
const ADDRESS_TEMPLATES: Array<(n: number, code: string, pick: <T>(items: readonly T[]) => T) => [string, string]> = [
  (n, code, pick) => ((a) => [`parcel rerouted to ${a} after a failed delivery`, a])(`${n} ${pick(['Maple', 'Oak Hill', 'Pennsylvania', 'Martin Luther King Jr.'])} ${pick(['Avenue', 'Street', 'Blvd.', 'Drive'])}, ${pick(['Springfield', 'Austin', 'Salt Lake City'])}, ${pick(['IL', 'TX', 'UT'])} ${code.slice(0, 5)}`),
  (n, code, pick) => ((a) => [`courier left it at ${a}`, a])(`${n} ${pick(['Baker', 'Abbey', 'Kings'])} ${pick(['Street', 'Road', 'Lane', 'Close'])}, ${pick(['London', 'Leeds', 'York'])} ${pick(['NW1 6XE', 'LS1 4AP', 'YO1 7HH'])}`),
  (n, code, pick) => ((a) => [`Sendung umgeleitet an ${a}`, a])(`${pick(['Bahnhofstraße', 'Hauptstr.', 'Berliner Straße', 'Lindenweg'])} ${n % 200}, ${code.slice(0, 5)} ${pick(['Leipzig', 'Köln', 'Graz'])}`),
  (n, code, pick) => ((a) => [`colis livré au ${a}`, a])(`${n % 300} ${pick(['rue de la Paix', 'avenue Victor Hugo', 'boulevard Voltaire'])}, ${code.slice(0, 5)} ${pick(['Paris', 'Lyon', 'Nantes'])}`),
  (n, code, pick) => ((a) => [`envío fallido a ${a}`, a])(`${pick(['Calle Mayor', 'Via Roma', 'Avenida de la Constitución', 'Piazza Navona'])} ${n % 150}, ${code.slice(0, 5)} ${pick(['Madrid', 'Roma', 'Sevilla'])}`),
  (n, _code, pick) => ((a) => [`доставка: ${a}`, a])(`ул. ${pick(['Ленина', 'Пушкина', 'Садовая'])}, д. ${n % 90}, кв. ${n % 40 + 1}`),
  (n, _code, pick) => ((a) => [`配送先 ${a}`, a])(`${pick(['東京都千代田区千代田', '大阪府大阪市北区梅田', '神奈川県横浜市中区山下町'])}${n % 9 + 1}-${n % 20 + 1}`),
];

/** Numbers beside capitalised words that are no address: products, tools, films, counts. */
const ADDRESS_LOOK_ALIKES = ['watched 12 Monkeys on the flight', 'opened Visual Studio Code 1.95', 'Grafana Tempo 2.6 ingested 10115 spans', 'Nightly Backup ran at 02:00', 'moved the office to Baker Street next month', '3 Main modules loaded, 2 Park workers idle', 'Apple Pay checkout 42 ms', 'HTTP 404 Not Found for /api/v2/orders'];

export function freeTextCorpus(count = 420, seed = 20261203): CorpusRecord[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const date = (from: number, to: number): DateParts => ({ y: from + Math.floor(random() * (to - from)), m: 1 + Math.floor(random() * 12), d: 1 + Math.floor(random() * 28) });
  const base32 = () => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 32);
  const answer = () => pick(['Rosebud', 'blue', 'Fluffy', 'Springfield', 'Mrs Whitaker', 'Toyota']) + ' ' + chars('abcdefghij', 3);
  const password = () => chars('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!&%', 14);

  const secretRecords: Array<() => { payload: object; value: string }> = [
    () => ((v) => ({ payload: { event: 'card.activated', card_pin: v }, value: v }))(digits(4)),
    () => ((v) => ({ payload: { payment: { method: 'card', cvc2: v } }, value: v }))(digits(3)),
    () => ((v) => ({ payload: { card: { brand: 'amex', cid: v } }, value: v }))(digits(4)),
    () => ((v) => ({ payload: { checkout: { cardCode: v } }, value: v }))(digits(3)),
    () => ((v) => ({ payload: { recovery: { security_answer: v, question_id: 3 } }, value: v }))(answer()),
    () => ((v) => ({ payload: { login: { otp_code: v, channel: 'sms' } }, value: v }))(digits(6)),
    () => ((v) => ({ payload: { mfa: { code: v, method: 'totp' } }, value: v }))(digits(6)),
    () => ((v) => ({ payload: { user: { recovery_code: v } }, value: v }))(`${digits(5)}-${digits(5)}`),
    () => ((v) => ({ payload: { enrollment: { mfa_seed: v, issuer: 'Acme' } }, value: v }))(base32()),
    () => ((v) => ({ payload: { database: { host: 'db-1.internal', port: 5432, user: 'app', pw: v } }, value: v }))(password()),
    () => ((v) => ({ payload: { verification: { code: v } }, value: v }))(digits(6)),
    () => ((v) => ({ payload: { reset_code: v, account: 'acct_' + digits(6) }, value: v }))(digits(8)),
  ];
  const lookAlikes: Array<() => { payload: object; kept: string }> = [
    () => ({ payload: { mfa: { enabled: true, method: 'totp' }, pin_count: 3 }, kept: 'totp' }),
    () => ((v) => ({ payload: { zip_code: v, country_code: 'DE' }, kept: v }))(digits(5)),
    () => ({ payload: { error: { code: 'E_TIMEOUT' }, status_code: 504 }, kept: 'E_TIMEOUT' }),
    () => ({ payload: { payment: { code: 'SEPA', currency_code: 'EUR' } }, kept: 'SEPA' }),
    () => ((v) => ({ payload: { promo_code: v, cart: 'c_' + digits(4) }, kept: v }))('WINTER' + digits(2)),
    () => ({ payload: { security_question: 'Name of your first pet?' }, kept: 'Name of your first pet?' }),
    () => ({ payload: { challenge: { type: 'captcha', passed: true } }, kept: 'captcha' }),
    () => ({ payload: { preset: { key: 'dark-mode' }, card_brand: 'visa' }, kept: 'dark-mode' }),
  ];

  const records: CorpusRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = `free-text-${i}`;
    const kind = i % 6;
    if (kind === 4) {
      const [message, value] = pick(ADDRESS_TEMPLATES)(1 + Math.floor(random() * 2000), digits(5), pick);
      records.push({ id, kind: 'text', payload: message, positives: [{ type: 'street-address-in-text', value }], negatives: [] });
    } else if (kind === 5) {
      const message = pick(ADDRESS_LOOK_ALIKES);
      records.push({ id, kind: 'text', payload: message, positives: [], negatives: [message] });
    } else if (kind === 0) {
      const [message, value] = pick(BIRTH_TEMPLATES)(date(1940, 2008));
      records.push({ id, kind: 'text', payload: message, positives: [{ type: 'birth-date-in-text', value }], negatives: [] });
    } else if (kind === 1) {
      const { payload, value } = pick(secretRecords)();
      records.push({ id, kind: 'json', payload, positives: [{ type: 'uncommon-secret-field', value }], negatives: [] });
    } else if (kind === 2) {
      const [message, kept] = pick(PLAIN_DATES)(date(1990, 2026));
      records.push({ id, kind: 'text', payload: message, positives: [], negatives: [kept] });
    } else {
      const { payload, kept } = pick(lookAlikes)();
      records.push({ id, kind: 'json', payload, positives: [], negatives: [kept] });
    }
  }
  return records;
}
