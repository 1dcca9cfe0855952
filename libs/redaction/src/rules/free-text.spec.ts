// Personal data in free text: birth dates found by the cue before them, in the languages and
// date forms logs carry; dates without a cue, and cue-like words, kept.
import { BUILTIN_RULES } from '../builtin-rules';
import { Redactor } from '../redactor';

const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('free-text-spec') } });
const redacted = (message: string) => (redactor.redact({ message }).value as { message: string }).message;

describe('birth dates in free text', () => {
  it.each([
    ['applicant born 1987-03-14 is under the minimum age', '1987-03-14'],
    ['customer born on 14/03/1987 asked for a refund', '14/03/1987'],
    ['KYC check failed: DOB: 03/14/1987 does not match', '03/14/1987'],
    ['date of birth is 14 March 1987', '14 March 1987'],
    ['member birthday: March 14, 1987', 'March 14, 1987'],
    ['Birthdate=1987.03.14 rejected', '1987.03.14'],
    ['Antragsteller geb. 14.03.1987 in Leipzig', '14.03.1987'],
    ['Kunde geboren am 14. März 1987', '14. März 1987'],
    ['Geburtsdatum: 14.03.87', '14.03.87'],
    ['cliente née le 14 mars 1987', '14 mars 1987'],
    ['date de naissance : 14/03/1987', '14/03/1987'],
    ['fecha de nacimiento 14 de marzo de 1987', '14 de marzo de 1987'],
    ['nato il 14/03/1987 a Roma', '14/03/1987'],
    ['data de nascimento: 1987-03-14', '1987-03-14'],
    ['дата рождения 14.03.1987', '14.03.1987'],
    ['клиент родился 14 марта 1987', '14 марта 1987'],
    ['生年月日 1987年3月14日', '1987年3月14日'],
    ['出生日期：1987-03-14', '1987-03-14'],
    ['생년월일 1987년 3월 14일', '1987년 3월 14일'],
  ])('redacts the birth date in %j', (message, date) => {
    const out = redacted(message);
    expect(out).not.toContain(date);
    // `DOB: …` and `Birthdate=…` are also assignments of a personal name: either rule may take them.
    expect(out).toMatch(/\[REDACTED:(?:date-of-birth|personal)\]/);
  });

  it.each([
    ['deploy finished 2026-03-14 12:00'],
    ['invoice dated 14/03/1987 paid'],
    ['reborn 2024-01-01 release notes'],
    ['airborne 2024-01-01 flight log'],
    ['firstborn 1987-03-14 in the tree'],
    ['born 2999-01-01 is a typo we keep'],
    ['born 1987-14-40 is no date'],
    ['job born-again scheduled 2026-03-14'],
    ['certificate born 12345'],
  ])('keeps %j', (message) => {
    expect(redacted(message)).toBe(message);
  });
});

describe('postal addresses in free text', () => {
  it.each([
    ['parcel rerouted to 1600 Pennsylvania Avenue NW, Washington, DC 20500 after a failed delivery', '1600 Pennsylvania Avenue NW, Washington, DC 20500'],
    ['billing address 42 Elm St., Apt 3B, Springfield, IL 62704 updated', '42 Elm St., Apt 3B, Springfield, IL 62704'],
    ['courier left it at 221B Baker Street, London NW1 6XE', '221B Baker Street, London NW1 6XE'],
    ['return to 10 Downing Street SW1A 2AA please', '10 Downing Street SW1A 2AA'],
    ['Sendung umgeleitet an Bahnhofstraße 9, 84402 Leipzig', 'Bahnhofstraße 9, 84402 Leipzig'],
    ['Lieferadresse Berliner Str. 12a, D-10115 Berlin', 'Berliner Str. 12a, D-10115 Berlin'],
    ['Rechnung an Mariahilfer Straße 45, 1060 Wien', 'Mariahilfer Straße 45, 1060 Wien'],
    ['colis livré au 12 bis, rue de la Paix, 75002 Paris', '12 bis, rue de la Paix, 75002 Paris'],
    ['envío a Calle Mayor 12, 28013 Madrid fallido', 'Calle Mayor 12, 28013 Madrid'],
    ['spedizione a Via Roma, 10, 00184 Roma', 'Via Roma, 10, 00184 Roma'],
    ['доставка: 101000, г. Москва, ул. Ленина, д. 5, кв. 12', 'ул. Ленина, д. 5, кв. 12'],
    ['配送先 〒100-0001 東京都千代田区千代田1-1', '東京都千代田区千代田1-1'],
  ])('redacts the address in %j', (message, address) => {
    const out = redacted(message);
    expect(out).not.toContain(address);
    expect(out).toContain('[REDACTED:postal-address]');
  });

  it.each([
    ['watched 12 Monkeys on the flight'],
    ['moved the office to Baker Street next month'],
    ['opened Visual Studio Code 1.95 on port 8080'],
    ['HTTP 404 Not Found for /api/v2/orders'],
    ['3 Main modules loaded, 2 Park workers idle'],
    ['Grafana Tempo 2.6 ingested 10115 spans'],
    ['Nightly Backup ran at 02:00 on host db-7'],
    ['Apple Pay checkout 42 ms'],
    ['retry 3 of 5, street view tiles cached'],
    ['the Rue de la Paix tile is on the Monopoly board'],
  ])('keeps %j', (message) => {
    expect(redacted(message)).toBe(message);
  });
});
