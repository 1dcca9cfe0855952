import { isEmailAddress, isPaymentCard, isPhoneNumber, passesLuhn } from './index';

describe('passesLuhn', () => {
  it.each(['79927398713', '4111111111111111', '0'])('accepts %s', (digits) => expect(passesLuhn(digits)).toBe(true));
  it.each(['79927398710', '4111111111111112', '', '12a4'])('rejects %s', (digits) => expect(passesLuhn(digits)).toBe(false));
});

describe('isPaymentCard', () => {
  it.each(['4111111111111111', '4111 1111 1111 1111', '378282246310005', '6011111111111117', '3530111333300000', '5555555555554444'])('accepts %s', (card) =>
    expect(isPaymentCard(card)).toBe(true),
  );
  it.each([
    ['unknown network prefix', '9111111111111119'],
    ['wrong length for Amex', '3782822463100051'],
    ['Luhn failure', '4111111111111121'],
    ['too short', '411111111111'],
  ])('rejects a number with %s', (_, card) => expect(isPaymentCard(card)).toBe(false));
});

describe('isEmailAddress', () => {
  it.each(['a@example.com', 'x.y+z@mail.example.io'])('accepts %s', (email) => expect(isEmailAddress(email)).toBe(true));
  it.each(['a@example', '.a@example.com', 'a..b@example.com', 'a@-x.com', 'logo@2x.png'])('rejects %s', (email) => expect(isEmailAddress(email)).toBe(false));
});

describe('isPhoneNumber', () => {
  it.each(['+44 20 7946 0958', '(415) 555-2671', '+49 30 901820'])('accepts %s', (phone) => expect(isPhoneNumber(phone)).toBe(true));
  it.each(['4155552671', '+1 555', '2026-11-29', '12.34.56.78'])('rejects %s', (phone) => expect(isPhoneNumber(phone)).toBe(false));
  // Possible for their country but in no range the metadata knows: still a phone number.
  it.each(['+1 555 555 0100', '+86 100 0000 0000', '+7 000 000 00 00', '+61 0 0000 0000'])('accepts the international number %s, possible though not valid', (phone) =>
    expect(isPhoneNumber(phone)).toBe(true),
  );
  it.each(['+1 2345678', '0086 100 0000 0000'])('rejects %s: impossible length, or no + to say it is international', (phone) => expect(isPhoneNumber(phone)).toBe(false));
});
