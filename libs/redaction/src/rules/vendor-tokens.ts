// Credentials with a vendor-specific shape: a literal prefix makes them cheap to find and
// precise. Shapes follow the vendors' documentation and gitleaks' rules.
import type { PatternRule } from '../rule';

const token = (id: string, keywords: readonly string[], pattern: RegExp, specificity = 9): PatternRule => ({
  id,
  kind: 'pattern',
  type: 'token',
  action: { kind: 'replace' },
  keywords,
  pattern,
  specificity,
});

export const VENDOR_TOKEN_RULES: readonly PatternRule[] = [
  token('aws-access-key-id', ['akia', 'asia', 'abia', 'acca', 'a3t'], /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Z0-9])/g),
  {
    ...token('aws-secret-access-key', ['aws', 'secret'], /aws.{0,20}secret.{0,20}?[=:]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi),
    group: 1,
  },
  token('github-token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g),
  token('github-fine-grained-token', ['github_pat_'], /github_pat_[A-Za-z0-9_]{22,255}/g, 10),
  token('gitlab-token', ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'gloas-'], /(?<![\w-])gl(?:pat|dt|rt|ptt|oas)-[A-Za-z0-9_-]{20,}(?![\w-])/g),
  token('slack-token', ['xox'], /(?<![\w-])xox[abposre]-(?:\d+-)*[A-Za-z0-9-]{10,}(?![\w-])/g),
  token('slack-webhook', ['hooks.slack.com'], /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_+-]{20,}/g, 10),
  token('stripe-key', ['sk_', 'rk_', 'whsec_'], /(?<![\w-])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9]{24,})(?![\w-])/g),
  token('google-api-key', ['aiza'], /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g),
  token('npm-token', ['npm_'], /(?<![\w-])npm_[A-Za-z0-9]{36}(?![\w-])/g),
  token('sendgrid-api-key', ['sg.'], /(?<![\w-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![\w-])/g, 10),
  token('twilio-api-key', ['sk'], /(?<![\w-])SK[0-9a-f]{32}(?![\w-])/g),
  token('openai-api-key', ['sk-'], /(?<![\w-])sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}(?![\w-])/g),
  token('anthropic-api-key', ['sk-ant-'], /(?<![\w-])sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}(?![\w-])/g, 10),
];
