// Personal data named by its field: a person's name, birth date, identity documents and postal
// address. Their values have no shape a pattern could know (`Jane`, `12 High St`), so the
// field's name decides, in the common spellings once normalised (`firstName`, `first_name`,
// `FirstName` and `given-name` all read `firstname`, `givenname`).
//
// Some names say "personal" only in the right place: `name` is a person's under `customer` or
// beside an `email`, and a service's under `service`; `address` is a street address when it
// holds words, an IP when it does not; `zip` is a postcode beside a street. Those rules look at
// the enclosing object (FieldContext) before they redact.
import type { FieldContext, FieldRule, PatternRule } from '../rule';
import { scanPattern } from '../scan-pattern';
import { isPlaceholder } from '../validators';

const replace = { kind: 'replace' } as const;

/** Objects whose `name` is a person's. */
const PERSON_OBJECTS = new Set([
  'user', 'enduser', 'customer', 'person', 'patient', 'employee', 'contact', 'member', 'owner', 'author', 'recipient', 'sender',
  'accountholder', 'holder', 'cardholder', 'buyer', 'passenger', 'guest', 'applicant', 'beneficiary', 'payer', 'payee', 'student',
  'subscriber', 'profile', 'traveler', 'traveller', 'consignee', 'billto', 'shipto', 'billing', 'shipping', 'emergencycontact',
  'spouse', 'manager', 'assignee', 'reporter', 'reviewer', 'signer', 'signatory', 'insured', 'policyholder', 'landlord',
  'guardian', 'donor', 'volunteer', 'candidate',
]);

/** Fields that, beside a `name`, say the object describes a person. */
const PERSON_EVIDENCE = new Set([
  'email', 'emailaddress', 'mail', 'phone', 'phonenumber', 'mobile', 'mobilenumber', 'tel', 'telephone', 'dob', 'dateofbirth',
  'birthdate', 'birthday', 'firstname', 'lastname', 'givenname', 'familyname', 'surname', 'gender', 'sex', 'age', 'nationality',
  'streetaddress', 'ssn', 'passport', 'passportnumber', 'salutation', 'maritalstatus',
]);

/** Objects whose `name` names a thing, whatever sits beside it. */
const THING_OBJECTS = new Set([
  'service', 'app', 'application', 'rule', 'file', 'host', 'pod', 'container', 'image', 'job', 'task', 'queue', 'topic', 'bucket',
  'table', 'index', 'metric', 'span', 'resource', 'library', 'logger', 'module', 'process', 'event', 'component', 'node', 'cluster',
  'namespace', 'deployment', 'team', 'org', 'organization', 'organisation', 'company', 'project', 'repo', 'repository', 'package',
  'product', 'feature', 'flag', 'endpoint', 'route', 'model', 'db', 'database', 'plugin', 'scope', 'instrumentationscope', 'device',
  'browser', 'os', 'agent', 'useragent', 'region', 'zone', 'environment', 'env', 'cloud', 'function', 'lambda', 'workflow',
  'pipeline', 'step', 'stage', 'branch', 'tag', 'label', 'field', 'column', 'schema', 'type', 'class', 'method', 'operation',
  'store', 'shop', 'merchant', 'vendor', 'category', 'plan', 'role', 'group', 'permission', 'policy', 'network', 'interface',
]);

/** Name fields that are a person's wherever they sit (normalised, matched at the end of a name: `billingFirstName`). */
const PERSON_NAME_SUFFIXES = ['fullname', 'firstname', 'lastname', 'givenname', 'familyname', 'middlename', 'surname', 'forename', 'maidenname', 'legalname', 'nameoncard'];
/** `<person>name` compounds: `customer_name`, `cardholderName`, `patient-name`. */
// Not `username` (an account's handle, which detection groups by) nor `profilename` (AWS's named configurations).
const PERSON_NAME_COMPOUNDS = new Set([...PERSON_OBJECTS].filter((word) => !['user', 'enduser', 'profile'].includes(word)).map((word) => `${word}name`));

function isPersonNameField(key: string): boolean {
  return key === 'name' || key === 'displayname' || PERSON_NAME_COMPOUNDS.has(key) || PERSON_NAME_SUFFIXES.some((suffix) => key.endsWith(suffix));
}

/** Whether the field holding the enclosing object is one of `names`, singular or plural (`users[3].name`). */
function parentIsOneOf(names: ReadonlySet<string>, field: FieldContext): boolean {
  const parent = field.parentName;
  return parent !== undefined && (names.has(parent) || (parent.endsWith('s') && names.has(parent.slice(0, -1))));
}

/** Whether a sibling field says the object describes a person (`email`, `phone`, `dob`...). */
function hasPersonSibling(field: FieldContext): boolean {
  for (const sibling of field.siblingNames()) if (PERSON_EVIDENCE.has(sibling)) return true;
  return false;
}

/**
 * A bare `name` is a person's when a sibling says so (that wins over a thing above it:
 * `steps[0]` holding a `name` and an `email` is a person), or when the object above is a person.
 */
function isPersonsName(field: FieldContext): boolean {
  return hasPersonSibling(field) || (!parentIsOneOf(THING_OBJECTS, field) && parentIsOneOf(PERSON_OBJECTS, field));
}

/** `owner/repo`: a path, as GitHub's `repository.full_name`; no person's name has a slash and no space. */
const PATH_SHAPED = /^[^\s/]+\/\S+$/;

const isText = (value: unknown) => typeof value === 'string' || typeof value === 'number';

export const personName: FieldRule = {
  id: 'person-name',
  kind: 'field',
  type: 'name',
  action: replace,
  matches: isPersonNameField,
  // Only `name` and `displayName` (an app's or a service's label as often) are judged by where
  // they sit; `first_name`, `full_name`, `customer_name`... are a person's wherever they sit,
  // under `event` or `job` too, unless the value is a path (`repository.full_name`: `acme/checkout`).
  appliesIn: (field, key) => {
    if (!isText(field.value) && !isObject(field.value)) return false;
    if (key === 'name' || key === 'displayname') return isPersonsName(field);
    return !(typeof field.value === 'string' && PATH_SHAPED.test(field.value));
  },
};

const BIRTH_DATE_FIELDS = new Set(['dob', 'dateofbirth', 'birthdate', 'birthday', 'birthdt', 'birthdateutc']);

export const dateOfBirth: FieldRule = {
  id: 'date-of-birth',
  kind: 'field',
  type: 'date-of-birth',
  action: replace,
  matches: (key) => BIRTH_DATE_FIELDS.has(key) || key.endsWith('dateofbirth') || key.endsWith('birthdate') || key.endsWith('dob'),
  appliesIn: (field) => isText(field.value) || isObject(field.value),
};

/** Identity documents and government numbers, by name. Exact names are short acronyms that mean nothing else in a log. */
const IDENTITY_EXACT = new Set([
  'nin', 'nino', 'sin', 'tin', 'itin', 'cpf', 'dni', 'nie', 'nif', 'bsn', 'pesel', 'personnummer', 'codicefiscale', 'curp', 'rut',
  'idnumber', 'idcardnumber', 'idcard', 'identitynumber', 'identitycard', 'identitycardnumber', 'personalid', 'personalidnumber',
  'citizenid', 'governmentid', 'govid', 'taxnumber', 'dlnumber', 'passport', 'steuerid', 'aadhaar', 'medicarenumber', 'nhsnumber',
]);
const IDENTITY_WORDS = [
  'passportn', 'passportid', 'nationalid', 'nationalinsurance', 'socialinsurance', 'driverlicen', 'driverslicen', 'drivinglicen',
  'taxid', 'taxpayerid', 'aadhaar', 'healthinsurancenumber',
];

export const identityDocument: FieldRule = {
  id: 'identity-document',
  kind: 'field',
  type: 'national-id',
  action: replace,
  matches: (key) => IDENTITY_EXACT.has(key) || IDENTITY_WORDS.some((word) => key.includes(word)),
  // `passport_verified: true` says nothing about the number.
  appliesIn: (field) => isText(field.value) || isObject(field.value),
};

/** Street-level address fields, wherever they sit. */
const STREET_FIELDS = new Set(['street', 'streetname', 'streetaddress', 'address1', 'address2', 'address3', 'addr1', 'addr2', 'housenumber', 'streetnumber']);
const STREET_WORDS = ['addressline', 'streetaddress', 'streetline'];
/** `<kind>address` fields that are postal, never network ones. */
const POSTAL_ADDRESS_FIELDS = new Set([
  'homeaddress', 'billingaddress', 'shippingaddress', 'mailingaddress', 'postaladdress', 'residentialaddress', 'deliveryaddress',
  'physicaladdress', 'permanentaddress', 'currentaddress', 'correspondenceaddress',
]);
/** Objects whose `address` is a network one (`client.address` in OpenTelemetry is an IP). */
const NETWORK_OBJECTS = new Set([
  'client', 'server', 'source', 'destination', 'host', 'net', 'network', 'peer', 'socket', 'remote', 'local', 'node', 'upstream',
  'downstream', 'listen', 'bind', 'wallet', 'email', 'ip', 'mac', 'proxy', 'gateway', 'http', 'url', 'connection', 'endpoint',
]);
const POSTCODE_FIELDS = new Set(['postcode', 'postalcode', 'zip', 'zipcode', 'pincode', 'plz']);
/** What a postcode sits beside when it is part of someone's address. */
const ADDRESS_EVIDENCE = new Set(['street', 'streetaddress', 'address', 'address1', 'addressline1', 'addressline', 'housenumber', 'city', 'town']);
const ADDRESS_OBJECTS = new Set(['address', 'homeaddress', 'billingaddress', 'shippingaddress', 'mailingaddress', 'postaladdress', 'residentialaddress', 'deliveryaddress', 'billing', 'shipping']);

function isPostalAddressField(key: string): boolean {
  return (
    key === 'address' || key === 'addr' || STREET_FIELDS.has(key) || POSTAL_ADDRESS_FIELDS.has(key) || POSTCODE_FIELDS.has(key) || STREET_WORDS.some((word) => key.includes(word))
  );
}

function isPostalAddress(field: FieldContext, key: string): boolean {
  if (POSTCODE_FIELDS.has(key)) {
    if (!isText(field.value)) return false;
    if (parentIsOneOf(ADDRESS_OBJECTS, field)) return true;
    for (const sibling of field.siblingNames()) if (ADDRESS_EVIDENCE.has(sibling) || STREET_WORDS.some((word) => sibling.includes(word))) return true;
    return false;
  }
  if (key === 'address' || key === 'addr') {
    if (parentIsOneOf(NETWORK_OBJECTS, field)) return false;
    // A street address has words; an IP, a host name, an email or a wallet has none.
    return isObject(field.value) || (typeof field.value === 'string' && /\S\s+\S/.test(field.value.trim()));
  }
  return isText(field.value) || isObject(field.value);
}

export const postalAddress: FieldRule = {
  id: 'postal-address',
  kind: 'field',
  type: 'address',
  action: replace,
  matches: isPostalAddressField,
  appliesIn: isPostalAddress,
};

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

// The same names written into text: `first_name=Jane`, `"date_of_birth": "1990-04-01"` in a message.
const PERSONAL_NAMES = [
  String.raw`(?:full|first|last|given|family|middle|maiden|legal|customer|cardholder)[_-]?name`,
  'surname',
  String.raw`date[_-]?of[_-]?birth|birth[_-]?date|dob`,
  String.raw`passport(?:[_-]?(?:no|number|id))?|national[_-]?id(?:[_-]?number)?|tax[_-]?id|driv(?:er'?s?|ing)[_-]?licen[cs]e(?:[_-]?(?:no|number))?`,
  String.raw`(?:street|home|billing|shipping|postal|mailing)[_-]?address|address[_-]?line[_-]?[1-3]`,
].join('|');

export const personalAssignment: PatternRule = {
  id: 'personal-assignment',
  kind: 'pattern',
  type: 'personal',
  action: replace,
  // Unquoted, a value runs on over capitalised words and name particles: `full_name=Jane van Doe`.
  pattern: scanPattern(
    `(?i:${PERSONAL_NAMES})["']?\\s*[:=]\\s*` +
      String.raw`(?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|([^\s"'&,;<>=]{1,128}(?: (?:(?:van|von|de|da|del|der|di|du|la|le|bin|ibn|al|el|dos|das) )?[\p{Lu}\d][^\s"'&,;<>=]{0,63}){0,5}))`,
    // Case-insensitive for the names only: the capitals that continue a value must be capitals.
    { notPrecededBy: 'A-Za-z0-9' },
  ),
  group: [1, 2, 3],
  validate: (value) => !isPlaceholder(value.trim()),
  specificity: 6,
};

export const PERSONAL_FIELD_RULES: readonly FieldRule[] = [personName, dateOfBirth, identityDocument, postalAddress];
