// A generated labelled corpus for what the vendored one lacks: personal data named by its field
// (names, birth dates, identity numbers, postal addresses), international emails, 19-digit
// cards, and cloud connection-string secrets, with the look-alikes that must be kept beside
// them (service and file names, network addresses, account names). Values are drawn from
// seeded lists and random digits, so every run sees the same records and no literal token sits
// in the source.
import type { CorpusRecord } from './corpus';
import { seeded } from './seeded';

const GIVEN = ['Amara', 'José', 'Søren', 'Zoë', 'Björn', 'Nguyễn Thị', 'Олег', 'Анна', '美咲', '伟', 'Fatima', 'Siobhán', 'Łukasz', 'Thandiwe', 'Mateus', 'Ngozi', 'Hiroshi', 'Priya'];
const FAMILY = ['Okafor', 'García Márquez', 'Kierkegaard-Holm', 'Müller', 'Иванова', 'Петров', '佐藤', '王', 'Al-Sayed', "O'Brien", 'Wiśniewski', 'Dlamini', 'van der Berg', 'Nakamura', 'Raghunathan'];
const STREETS = ['Rue de la Paix', 'Baker Street', 'Calle Mayor', 'Hauptstraße', 'Elm Avenue', 'Via Roma', 'Kingsway', 'Rua Augusta'];
const CITIES = ['Lyon', 'Leeds', 'Sevilla', 'Graz', 'Porto', 'Austin', 'Cork'];
const EMAIL_LOCALS = ['josé.garcía', 'søren', 'пользователь', 'анна.петрова', '用户', 'zoë+news', 'müller', 'θεόδωρος'];
const EMAIL_DOMAINS = ['correo.es', 'пример.рф', '例子.广告', 'bücher.de', 'exämple.com', 'xn--bcher-kva.de', 'xn--e1afmkfd.xn--p1ai'];
const SERVICES = ['checkout-api', 'billing-worker', 'auth-gateway', 'search-indexer', 'ledger'];
const FILES = ['report-2026-11.pdf', 'invoice_8812.csv', 'avatar.png', 'backup.tar.gz'];

const CARD_PREFIXES = ['6759', '5018', '6304', '4', '62', '6011'];

function luhnComplete(body: string): string {
  for (let check = 0; check < 10; check++) {
    const digits = body + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

export function personalCorpus(count = 240, seed = 20261129): CorpusRecord[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  const service = () => pick(SERVICES);
  const date = () => `${1940 + Math.floor(random() * 65)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;

  const makers: Array<(id: string) => CorpusRecord> = [
    // A person's name in the fields that name one, spelled every common way.
    (id) => {
      const [given, family] = [pick(GIVEN), pick(FAMILY)];
      const key = pick([
        ['firstName', 'lastName'],
        ['first_name', 'last_name'],
        ['GivenName', 'FamilyName'],
        ['given-name', 'surname'],
      ]);
      const holder = pick(['customer', 'patient', 'account_holder', 'recipient']);
      return {
        id, kind: 'json',
        payload: { event: 'profile.updated', service: { name: service() }, [holder]: { [key[0]]: given, [key[1]]: family, id: digits(6) } },
        positives: [{ type: 'person_name', value: given }, { type: 'person_name', value: family }],
        negatives: ['profile.updated'],
      };
    },
    (id) => {
      const full = `${pick(GIVEN)} ${pick(FAMILY)}`;
      const file = pick(FILES);
      return {
        id, kind: 'json',
        payload: { msg: 'export ready', user: { name: full, locale: 'fr-FR' }, file: { name: file, size: Number(digits(5)) }, rule: { name: 'nightly-export' } },
        positives: [{ type: 'person_name', value: full }],
        negatives: [file, 'nightly-export'],
      };
    },
    (id) => {
      const full = `${pick(GIVEN)} ${pick(FAMILY)}`;
      const svc = service();
      return {
        id, kind: 'json',
        payload: { name: full, email: `${chars('abcdefghij', 6)}@example.org`, plan: 'pro', deployment: { name: svc } },
        positives: [{ type: 'person_name', value: full }],
        negatives: [svc, 'pro'],
      };
    },
    (id) => {
      const given = pick(GIVEN.filter((g) => !g.includes(' ')));
      const family = pick(FAMILY.filter((f) => !/[\s']/.test(f)));
      return {
        id, kind: 'text',
        payload: `kyc check passed first_name=${given} last_name=${family} svc=${service()} ref=${digits(8)}`,
        positives: [{ type: 'person_name', value: given }, { type: 'person_name', value: family }],
        negatives: ['kyc check passed'],
      };
    },
    // Birth dates.
    (id) => {
      const dob = date();
      const key = pick(['dob', 'dateOfBirth', 'date_of_birth', 'birthDate', 'Birthday']);
      return {
        id, kind: 'json',
        payload: { message: 'age gate', attributes: { [key]: dob, checked_at: '2026-11-29T10:00:00Z' } },
        positives: [{ type: 'date_of_birth', value: dob }],
        negatives: ['2026-11-29T10:00:00Z'],
      };
    },
    // Identity documents and government numbers.
    (id) => {
      const number = `${chars(ALNUM, 2)}${digits(7)}`;
      const key = pick(['passport_number', 'passportNo', 'national_id', 'NationalInsuranceNumber', 'tax_id', 'driver_license_number', 'drivingLicence', 'nin', 'cpf', 'idCardNumber']);
      const trace = chars('0123456789abcdef', 32);
      return {
        id, kind: 'json',
        payload: { message: 'document verified', trace_id: trace, applicant: { [key]: number, passport_verified: true } },
        positives: [{ type: 'national_id', value: number }],
        negatives: [trace],
      };
    },
    (id) => {
      const number = `${chars(ALNUM, 1)}${digits(8)}`;
      return {
        id, kind: 'text',
        payload: `onboarding step=3 passport_number: ${number} status=ok`,
        positives: [{ type: 'national_id', value: number }],
        negatives: ['onboarding step=3'],
      };
    },
    // Postal addresses: a street, address lines, or an address object.
    (id) => {
      const street = `${1 + Math.floor(random() * 300)} ${pick(STREETS)}`;
      const postcode = `${digits(5)}`;
      const peer = `10.${Math.floor(random() * 255)}.0.${1 + Math.floor(random() * 250)}`;
      return {
        id, kind: 'json',
        payload: { message: 'order shipped', shipping_address: { line1: street, city: pick(CITIES), postcode }, server: { address: 'api.internal.example' }, peer },
        positives: [{ type: 'postal_address', value: street }, { type: 'postal_address', value: postcode }],
        negatives: ['api.internal.example', 'order shipped'],
      };
    },
    (id) => {
      const street = `${1 + Math.floor(random() * 90)} ${pick(STREETS)}`;
      const key = pick(['street_address', 'addressLine1', 'address_line_2', 'street']);
      const postcode = `${chars('ABCDEFGHJKLMNPRSTUVWXY', 2)}${1 + Math.floor(random() * 9)} ${digits(1)}${chars('ABDEFGHJLNPQRSTUWXYZ', 2)}`;
      const archive = `${service()}.zip`;
      return {
        id, kind: 'json',
        payload: { event: 'address.changed', [key]: street, postal_code: postcode, build: { zip: archive } },
        positives: [{ type: 'postal_address', value: street }, { type: 'postal_address', value: postcode }],
        negatives: [archive, 'address.changed'],
      };
    },
    (id) => {
      const address = `${1 + Math.floor(random() * 90)} ${pick(STREETS)}, ${pick(CITIES)}`;
      const host = `${service()}.svc.cluster.local`;
      return {
        id, kind: 'json',
        payload: { message: 'delivery scheduled', address, upstream: { address: host } },
        positives: [{ type: 'postal_address', value: address }],
        negatives: [host],
      };
    },
    // Internationalised and quoted email addresses.
    (id) => {
      const address = `${pick(EMAIL_LOCALS)}@${pick(EMAIL_DOMAINS)}`;
      return {
        id, kind: 'text',
        payload: `notification queued for ${address} template=welcome-v2`,
        positives: [{ type: 'email_intl', value: address }],
        negatives: ['template=welcome-v2'],
      };
    },
    (id) => {
      const address = `"${pick(GIVEN).toLowerCase()} ${chars('abcdefgh', 4)}"@${pick(['example.com', 'mail.example.org'])}`;
      return {
        id, kind: 'json',
        payload: { message: `bounce from ${address}`, smtp_code: 550 },
        positives: [{ type: 'email_intl', value: address }],
        negatives: [],
      };
    },
    // 19-digit cards, bare or as a query value.
    (id) => {
      const prefix = pick(CARD_PREFIXES);
      const card = luhnComplete(prefix + digits(18 - prefix.length));
      const asQuery = random() < 0.5;
      return {
        id, kind: 'text',
        payload: asQuery ? `GET /v1/charge?card=${card}&amount=${digits(3)}&currency=EUR 200` : `charge declined pan ${card} code=05`,
        positives: [{ type: 'credit_card_19', value: card }],
        negatives: [asQuery ? 'currency=EUR' : 'code=05'],
      };
    },
    // Cloud connection-string secrets and signed URLs.
    (id) => {
      const key = chars(B64, 86) + '==';
      const account = `st${chars('abcdefghijklmnopqrstuvwxyz', 8)}`;
      return {
        id, kind: 'text',
        payload: `storage client init DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${key};EndpointSuffix=core.windows.net`,
        positives: [{ type: 'cloud_credential', value: key }],
        negatives: [account, 'core.windows.net'],
      };
    },
    (id) => {
      const key = chars(B64, 43) + '=';
      const namespace = `ns-${chars('abcdefghijklmnopqrstuvwxyz', 6)}`;
      return {
        id, kind: 'json',
        payload: { message: 'bus connected', connection: `Endpoint=sb://${namespace}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key}` },
        positives: [{ type: 'cloud_credential', value: key }],
        negatives: ['RootManageSharedAccessKey', namespace],
      };
    },
    (id) => {
      const sig = encodeURIComponent(chars(B64, 43) + '=');
      return {
        id, kind: 'text',
        payload: `GET https://acct.blob.core.windows.net/exports/data.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01T00:00:00Z&sig=${sig} 403`,
        positives: [{ type: 'cloud_credential', value: sig }],
        negatives: ['sv=2022-11-02'],
      };
    },
    (id) => {
      const signature = chars('0123456789abcdef', 64);
      return {
        id, kind: 'text',
        payload: `presigned upload https://bucket.s3.amazonaws.com/k.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=${signature}`,
        positives: [{ type: 'cloud_credential', value: signature }],
        negatives: ['X-Amz-Expires=900'],
      };
    },
    // Things named `name`, `displayName`, `address`, `username` that are not personal data.
    (id) => {
      const svc = service();
      const file = pick(FILES);
      return {
        id, kind: 'json',
        payload: { name: svc, version: `1.${digits(1)}.${digits(1)}`, displayName: 'Checkout Service', repository: { full_name: `acme/${svc}` }, attachment: { name: file }, username: 'svc_deployer', profile_name: 'default' },
        positives: [],
        negatives: [svc, file, 'Checkout Service', `acme/${svc}`, 'svc_deployer', 'default'],
      };
    },
  ];

  return Array.from({ length: count }, (_, i) => makers[i % makers.length](`p${i}`));
}
