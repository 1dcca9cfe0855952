// The built-in catalogue, as data: every rule has an id, a default action and an enable flag.
import type { RedactionRule } from './rule';
import { CREDENTIAL_RULES } from './rules/credentials';
import { FREE_TEXT_RULES } from './rules/free-text';
import { PERSONAL_DATA_RULES } from './rules/personal-data';
import { PERSONAL_FIELD_RULES, personalAssignment } from './rules/personal-fields';
import { VENDOR_TOKEN_RULES } from './rules/vendor-tokens';

export * from './rules/credentials';
export * from './rules/free-text';
export * from './rules/personal-data';
export * from './rules/personal-fields';
export * from './rules/vendor-tokens';

// No built-in pattern matches fewer than 5 characters (`a@b.c` is the shortest email).
const BUILTIN_MIN_LENGTH = 5;

export const BUILTIN_RULES: readonly RedactionRule[] = [...CREDENTIAL_RULES, ...PERSONAL_DATA_RULES, ...PERSONAL_FIELD_RULES, personalAssignment, ...FREE_TEXT_RULES, ...VENDOR_TOKEN_RULES].map((rule) =>
  rule.kind === 'pattern' ? { ...rule, minLength: rule.minLength ?? BUILTIN_MIN_LENGTH } : rule,
);
