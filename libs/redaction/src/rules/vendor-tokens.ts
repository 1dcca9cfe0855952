// Credentials with a vendor-specific shape: a literal prefix makes them cheap to find and
// precise. Shapes follow the vendors' documentation and gitleaks' rules.
import type { PatternRule } from '../rule';
import { scanPattern, type BoundaryOptions } from '../scan-pattern';

/** Not inside a longer run of word characters or dashes. */
const WORD: BoundaryOptions = { notPrecededBy: String.raw`\w-`, notFollowedBy: String.raw`\w-` };

const token = (id: string, pattern: string, boundaries: BoundaryOptions = WORD, specificity = 9): PatternRule => ({
  id,
  kind: 'pattern',
  type: 'token',
  action: { kind: 'replace' },
  pattern: scanPattern(pattern, boundaries),
  specificity,
});

export const VENDOR_TOKEN_RULES: readonly PatternRule[] = [
  token('aws-access-key-id', String.raw`(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}`, { notPrecededBy: 'A-Z0-9', notFollowedBy: 'A-Z0-9' }),
  {
    ...token('aws-secret-access-key', String.raw`aws.{0,20}secret.{0,20}?[=:]\s*["']?([A-Za-z0-9/+]{40})`, { caseInsensitive: true, notFollowedBy: 'A-Za-z0-9/+' }),
    group: 1,
  },
  token('github-token', String.raw`gh[pousr]_[A-Za-z0-9]{36,251}`, { notPrecededBy: 'A-Za-z0-9_', notFollowedBy: 'A-Za-z0-9_' }),
  token('github-fine-grained-token', String.raw`github_pat_[A-Za-z0-9_]{22,255}`, {}, 10),
  token('gitlab-token', String.raw`gl(?:pat|dt|rt|ptt|oas)-[A-Za-z0-9_-]{20,}`),
  token('slack-token', String.raw`xox[abposre]-(?:\d+-)*[A-Za-z0-9-]{10,}`),
  token('slack-webhook', String.raw`https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_+-]{20,}`, {}, 10),
  token('stripe-key', String.raw`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9]{24,}`),
  token('google-api-key', String.raw`AIza[0-9A-Za-z_-]{35}`),
  token('npm-token', String.raw`npm_[A-Za-z0-9]{36}`),
  token('sendgrid-api-key', String.raw`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, WORD, 10),
  token('twilio-api-key', String.raw`SK[0-9a-f]{32}`),
  token('openai-api-key', String.raw`sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}`),
  token('anthropic-api-key', String.raw`sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}`, WORD, 10),
];
