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
