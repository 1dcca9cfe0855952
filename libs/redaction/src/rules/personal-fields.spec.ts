// Personal data named by its field: which fields are redacted whole, and which `name`,
// `address` and `zip` fields are kept because of where they sit.
import { BUILTIN_RULES } from '../builtin-rules';
import { Redactor } from '../redactor';

const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('personal-fields-spec') } });
const redact = (record: object) => redactor.redact(record);

describe('personal data by field name', () => {
  it.each([
    ['person-name', { customer: { firstName: 'Amara' } }, '$.customer.firstName'],
    ['person-name', { customer: { first_name: 'Amara' } }, '$.customer.first_name'],
    ['person-name', { customer: { FirstName: 'Amara' } }, '$.customer.FirstName'],
    ['person-name', { customer: { 'given-name': 'Amara' } }, '$.customer["given-name"]'],
    ['person-name', { billingLastName: 'Okafor' }, '$.billingLastName'],
    ['person-name', { cardholder_name: 'Amara Okafor' }, '$.cardholder_name'],
    ['person-name', { patient: { name: 'Amara Okafor' } }, '$.patient.name'],
    ['person-name', { users: [{ name: 'Amara Okafor' }] }, '$.users[0].name'],
    ['person-name', { name: 'Amara Okafor', email: 'x' }, '$.name'],
    ['person-name', { displayName: 'Amara O.', phone: 'x' }, '$.displayName'],
    // Always a person's, whatever the parent (the review's case): a thing above decides only for `name`.
    ['person-name', { event: { first_name: 'Amara', last_name: 'Okafor' } }, '$.event.first_name'],
    ['person-name', { event: { first_name: 'Amara', last_name: 'Okafor' } }, '$.event.last_name'],
    ['person-name', { job: { full_name: 'Amara Okafor' } }, '$.job.full_name'],
    ['person-name', { service: { surname: 'Okafor' } }, '$.service.surname'],
    // A personal sibling wins over a thing above.
    ['person-name', { steps: [{ name: 'Amara Okafor', email: 'amara@example.com' }] }, '$.steps[0].name'],
    ['person-name', { rule: { name: 'Amara Okafor', phone: 'x' } }, '$.rule.name'],
    ['date-of-birth', { dateOfBirth: '1990-04-01' }, '$.dateOfBirth'],
    ['date-of-birth', { DOB: '01/04/1990' }, '$.DOB'],
    ['identity-document', { passport_number: 'X1234567' }, '$.passport_number'],
    ['identity-document', { nationalInsuranceNumber: 'QQ123456C' }, '$.nationalInsuranceNumber'],
    ['identity-document', { driver_license_number: 'D1234-5678' }, '$.driver_license_number'],
    ['identity-document', { tax_id: '12-3456789' }, '$.tax_id'],
    ['postal-address', { address_line_1: '12 Elm Avenue' }, '$.address_line_1'],
    ['postal-address', { address: '12 Elm Avenue, Leeds' }, '$.address'],
    ['postal-address', { shipping_address: { line1: '12 Elm Avenue', city: 'Leeds' } }, '$.shipping_address'],
    ['postal-address', { street: '12 Elm Avenue', postcode: 'LS1 4AP' }, '$.postcode'],
    ['postal-address', { address: { city: 'Leeds', zip: '90210' } }, '$.address'],
  ])('%s redacts %j', (rule, record, path) => {
    const { value, findings } = redact(record);
    expect(findings).toContainEqual({ rule, path, action: 'replace' });
    expect(JSON.stringify(value)).not.toMatch(/Amara|Okafor|1990|X1234567|QQ123456C|D1234|3456789|Elm Avenue|LS1 4AP|90210/);
  });

  it.each([
    ['a service name', { service: { name: 'checkout-api' }, email: 'x' }],
    ['a step name', { steps: [{ name: 'deploy', status: 'ok' }] }],
    ['a file name', { file: { name: 'report.pdf' } }],
    ['a rule name beside its version', { rule: { name: 'brute-force', version: 3 } }],
    ['a bare name among technical fields', { name: 'checkout-api', version: '1.2.0' }],
    ['a repository full name', { repository: { full_name: 'acme/checkout' } }],
    ['an app display name', { displayName: 'Checkout Service' }],
    ['a username, which detection groups by', { username: 'john_doe' }],
    ['an AWS profile name', { profile_name: 'default' }],
    ['a network address', { upstream: { address: 'api.internal:8443' } }],
    ['an address without words', { address: 'svc-1.cluster.local' }],
    ['a zip archive', { build: { zip: 'bundle.zip' } }],
    ['a zip beside no street', { zip: '90210', status: 'ok' }],
    ['a passport flag', { passport_verified: true }],
  ])('keeps %s', (_what, record) => {
    expect(redact(record)).toEqual({ value: record, findings: [] });
  });

  it("redacts every name of the review's record, whatever 'thing' sits above it", () => {
    const first = 'Jan' + 'et';
    const last = 'Doe' + 'berg';
    const record = { event: { first_name: first, last_name: last }, job: { full_name: `${first} ${last}` }, steps: [{ name: `${first} ${last}`, email: `${first.toLowerCase()}@example.com` }] };
    const { value, findings } = redact(record);
    expect(JSON.stringify(value)).not.toMatch(new RegExp(`${first}|${last}`, 'i'));
    expect(findings.filter((f) => f.rule === 'person-name').map((f) => f.path).sort()).toEqual(['$.event.first_name', '$.event.last_name', '$.job.full_name', '$.steps[0].name']);
  });

  it('hashes instead when the action says so, so equal names still correlate', () => {
    const hashing = new Redactor(
      BUILTIN_RULES.map((rule) => (rule.id === 'person-name' ? { ...rule, action: { kind: 'hash' as const } } : rule)),
      { pseudonymKey: { id: 'k1', secret: Buffer.from('personal-fields-spec') } },
    );
    const first = hashing.redact({ customer: { full_name: 'Amara Okafor' } }).value as { customer: { full_name: string } };
    const second = hashing.redact({ patient: { fullName: 'Amara Okafor' } }).value as { patient: { fullName: string } };
    expect(first.customer.full_name).toMatch(/^<name:k1:[0-9a-f]{16}>$/);
    expect(second.patient.fullName).toBe(first.customer.full_name);
  });
});
