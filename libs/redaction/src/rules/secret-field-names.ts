// The names of fields that hold secrets, as data: the secret-field rules (credentials.ts) read
// these lists and nothing else. Names are compared normalised: lower case, separators dropped
// (`card_pin`, `cardPin` and `card-pin` all read `cardpin`).

/** Secret wherever they sit, whatever they hold. */
export const SECRET_FIELD_NAMES = {
  /** The whole name. */
  exact: [
    'pw', 'pwd', 'pass', 'auth', 'token', 'ssn', 'socialsecuritynumber', 'pin', 'pincode', 'passcode',
    'cvv', 'cvv2', 'cvc', 'cvc2', 'card', 'cardnumber', 'creditcard', 'cardno', 'pan', 'setcookie',
    'otp', 'totp', 'hotp',
  ],
  /** Anywhere in the name (`db_password`, `x-api-key`, `mfa_totp_secret`). */
  containing: [
    'password', 'passwd', 'passphrase', 'secret', 'apikey', 'privatekey', 'authorization', 'cookie', 'credential', 'accesskey',
    'recoverycode', 'backupcode', 'seedphrase',
  ],
  /** At the end of the name (`refresh_token`, `user_pwd`, `billing_cvv`). */
  endingWith: ['token', 'pwd', 'ssn', 'cardnumber', 'creditcard', 'cvv', 'cvv2', 'cvc', 'cvc2'],
} as const;

/**
 * Codes, answers, keys, PINs and seeds: secrets in an authentication or payment context, and
 * a status, country or zip code anywhere else. A name is one when it is context words then an
 * ending of theirs (`otp_code`, `card_pin`, `security_answer`, `mfa_seed`,
 * `two_factor_auth_code`), or the ending alone in an object a context names (`mfa: {code}`,
 * `card: {cid}`). Booleans and counts are never secrets: `otp_enabled`, `pin_count` end in no
 * ending, and a boolean under any of these names is kept.
 */
export const CONTEXT_SECRET_NAMES = [
  {
    contexts: [
      'auth', 'login', 'signin', 'mfa', '2fa', 'twofactor', 'otp', 'totp', 'hotp', 'sms', 'verification', 'verify', 'security',
      'recovery', 'reset', 'backup', 'activation', 'onetime', 'challenge',
    ],
    endings: ['code', 'codes', 'answer', 'answers', 'seed', 'key', 'pin', 'phrase'],
  },
  { contexts: ['card', 'creditcard', 'debitcard', 'atm', 'payment'], endings: ['pin', 'cid', 'csc', 'cvn', 'securitycode'] },
  // Card code is Authorize.Net's name for the CVC; a payment code is a method's, not a secret.
  { contexts: ['card', 'creditcard', 'debitcard'], endings: ['code'] },
] as const;
