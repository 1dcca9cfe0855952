// A 1 MB record of hostile strings: four 240 KB strings, each a trigger shape of a built-in
// rule (tens of thousands of candidate matches), and one real email. Used by the redaction
// bench (how long the record takes) and by the e2e test that the process stays responsive
// while it is redacted.
const STRING_BYTES = 240 * 1024;
const fill = (atom: string) => atom.repeat(Math.ceil(STRING_BYTES / atom.length)).slice(0, STRING_BYTES);

export function hostileRecord(): Record<string, string> {
  return {
    phones: fill('+1 555 0100 '),
    emails: fill('a@'),
    cards: fill('4111 '),
    addresses: fill('1.2.3.'),
    contact: 'write to jane.doe@example.com',
  };
}
