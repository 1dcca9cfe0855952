// Every built-in pattern against input built from its own trigger shapes (repeated prefixes,
// separators, near-misses) at 16 KB and 256 KB. Patterns run in RE2, so each finishes in time
// proportional to its input; the bound is generous, a guard against the 100-second stalls a
// backtracking engine showed, not a benchmark. The record budget is lifted so it cannot hide a
// slow pattern by cutting the scan short.
import { BUILTIN_RULES, Redactor, UNSCANNED } from './index';

const key = { id: 'k1', secret: Buffer.from('adversarial-spec') };
const BOUND_MS = 5000;
const SIZES = [16 * 1024, 256 * 1024];

/** Per rule, the pieces its pattern looks for; each is repeated to size, then with a near-miss end. */
const ATOMS: Record<string, string[]> = {
  'authorization-header': ['bearer ', 'Basic a', 'bearer\t-'],
  jwt: ['eyJa', 'eyJ' + 'a.', 'ew' + 'a-a.'],
  'private-key': ['-----BEGIN PRIVATE KEY-----', '-----BEGIN ' + 'A '.repeat(10), '-----BEGIN RSA PRIVATE KEY-----a b '],
  'url-credentials': ['a://', 'http://u:', 'a://b:c/'],
  'secret-assignment': ['a_', 'token a_', 'password=', 'key="', 'api-key: ${'],
  email: ['a@', 'a.', 'a@b.', '%+-'],
  'payment-card': ['4111 ', '1-', '4 '],
  phone: ['+1 ', '(1', '+1 555 0100 ', '00 1.'],
  iban: ['GB82 ', 'GB82WEST', 'A1 '],
  'us-ssn': ['123-45-', '123 45 ', '1-'],
  ipv4: ['1.', '1.2.3.', '255.'],
  ipv6: ['a:', '::', 'fe80::%', '1:2:3:4:5:6:7:'],
  'mac-address': ['00:', '00-', '001a.'],
  imei: ['imei ', '49-015420-', '4'],
  'aws-access-key-id': ['AK' + 'IA', 'A3T', 'AKIA' + 'A'],
  'aws-secret-access-key': ['aws secret', 'aws' + '_secret=', 'awssecret: "'],
  'github-token': ['gh' + 'p_', 'gh' + 'p_a'],
  'github-fine-grained-token': ['github' + '_pat_', 'github_'],
  'gitlab-token': ['gl' + 'pat-', 'glpat-a_'],
  'slack-token': ['xo' + 'xb-', '1-', 'xoxb-1-'],
  'slack-webhook': ['https://hooks.slack.com/services/', 'https://hooks.slack.com/services/a/'],
  'stripe-key': ['s' + 'k_live_', 'whsec_', 'rk_test_a'],
  'google-api-key': ['AI' + 'za', 'AIza-'],
  'npm-token': ['np' + 'm_', 'npm_a'],
  'sendgrid-api-key': ['S' + 'G.', 'SG.a.'],
  'twilio-api-key': ['S' + 'K', 'SKa'],
  'openai-api-key': ['s' + 'k-', 'sk-proj-', 'sk-a-'],
  'anthropic-api-key': ['s' + 'k-ant-api03-', 'sk-ant-admin01-a'],
  'connection-string-secret': ['AccountKey=', 'SharedAccessKey={', 'account_key="a', 'Primary-Key= '],
  'signed-url-signature': ['?sig=', '&sig=aaaaaaaaaaaaaaa', ';X-Amz-Signature=%'],
  'personal-assignment': ['first_name=', 'dob: "', 'full_name=A ', 'street_address=1 van ', "passport_no='"],
  'street-address-in-text': ['1 A ', '1 Aa Street, B', 'Ab Straße 1, ', '1 rue a', 'Via a, 1, ', 'ул. а, д. 1', '東京都千代田区', '1 Aa Road, Bb, '],
  'birth-date-in-text': ['born ', 'born on the ', 'dob 14 ', 'geb. 14.03.', 'born 14 Marchhhhhhhhh', '生年月日 1987年'],
};

const patternRules = BUILTIN_RULES.filter((rule) => rule.kind === 'pattern');

function shapes(atoms: readonly string[], size: number): Array<[string, string]> {
  return atoms.flatMap((atom): Array<[string, string]> => {
    const repeated = atom.repeat(Math.ceil(size / atom.length)).slice(0, size);
    return [
      [`${JSON.stringify(atom)} repeated`, repeated],
      [`${JSON.stringify(atom)} repeated, ending in a near-miss`, `${repeated.slice(0, size - 1)}!`],
    ];
  });
}

describe('built-in patterns run in linear time', () => {
  it('has adversarial shapes for every pattern rule', () => {
    expect(patternRules.map((rule) => rule.id).filter((id) => !ATOMS[id])).toEqual([]);
  });

  describe.each(patternRules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const alone = new Redactor([rule], { pseudonymKey: key, budgetMs: Number.POSITIVE_INFINITY });
    it.each(SIZES)('finishes within the bound on every shape at %i characters', (size) => {
      for (const [shape, text] of shapes(ATOMS[id], size)) {
        const started = performance.now();
        const { findings } = alone.redact(text);
        const elapsed = performance.now() - started;
        expect({ shape, elapsed: elapsed < BOUND_MS }).toEqual({ shape, elapsed: true });
        expect(findings.map((f) => f.rule)).not.toContain('unscanned');
      }
    });
  });

  it("finishes the review's hostile lines with the whole catalogue, keeping them scanned", () => {
    const catalogue = new Redactor(BUILTIN_RULES, { pseudonymKey: key, budgetMs: Number.POSITIVE_INFINITY });
    const size = 256 * 1024;
    const lines = [`token a_${'a_'.repeat(size / 2)}!`, `xo${'xb-'}${'1-'.repeat(size / 2)}`, `${'a_'.repeat(size / 2)}password`];
    for (const line of lines) {
      const started = performance.now();
      const { value } = catalogue.redact(line);
      expect(performance.now() - started).toBeLessThan(BOUND_MS);
      expect(value).not.toBe(UNSCANNED);
    }
  });
});
