// A detection rule: which records count (match), per what (groupBy), how (count, distinct
// values of a field, or sum of a field) over a sliding window, and when that is an alert.
// Rules are data (stored in MongoDB, edited over HTTP); compileRule checks and prepares one.

export type ConditionOperator = 'eq' | 'in' | 'prefix' | 'exists' | 'gt' | 'lt' | 'regex';

export interface Condition {
  /** `level`, `service`, `message`, or `attributes.<path>`. */
  field: string;
  op: ConditionOperator;
  value?: unknown;
}

export type Aggregate = { kind: 'count' } | { kind: 'distinct'; field: string } | { kind: 'sum'; field: string };

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface DetectionRuleDefinition {
  id: string;
  name: string;
  description?: string;
  builtin: boolean;
  enabled: boolean;
  severity: Severity;
  /** All must hold. */
  match: Condition[];
  /** Up to 3 fields; a record missing one is not counted. */
  groupBy: string[];
  aggregate: Aggregate;
  /** Alert when the aggregate reaches (gte) or exceeds (gt) this. */
  threshold: { op: 'gte' | 'gt'; value: number };
  windowSeconds: number;
  /** After an alert, the same group key does not alert again for this long. */
  suppressSeconds: number;
  /** Webhook URLs notified of each alert. */
  targets: string[];
}

export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
export const CONDITION_OPERATORS: ConditionOperator[] = ['eq', 'in', 'prefix', 'exists', 'gt', 'lt', 'regex'];
export const MAX_GROUP_BY = 3;

/** Built-in rules, on by default and editable. They read the attribute conventions the README lists. */
export const BUILTIN_DETECTION_RULES: DetectionRuleDefinition[] = [
  {
    id: 'brute-force',
    name: 'Brute force: repeated failed logins for one user',
    builtin: true,
    enabled: true,
    severity: 'high',
    match: [{ field: 'attributes.event', op: 'eq', value: 'login_failed' }],
    groupBy: ['attributes.user'],
    aggregate: { kind: 'count' },
    threshold: { op: 'gte', value: 5 },
    windowSeconds: 60,
    suppressSeconds: 300,
    targets: [],
  },
  {
    id: 'password-spraying',
    name: 'Password spraying: one source failing for many users',
    builtin: true,
    enabled: true,
    severity: 'critical',
    match: [{ field: 'attributes.event', op: 'eq', value: 'login_failed' }],
    groupBy: ['attributes.source_ip'],
    aggregate: { kind: 'distinct', field: 'attributes.user' },
    threshold: { op: 'gte', value: 10 },
    windowSeconds: 300,
    suppressSeconds: 900,
    targets: [],
  },
  {
    id: 'transaction-volume',
    name: 'Unusual transaction volume for one account',
    builtin: true,
    enabled: true,
    severity: 'medium',
    match: [{ field: 'attributes.event', op: 'eq', value: 'transaction' }],
    groupBy: ['attributes.account'],
    aggregate: { kind: 'sum', field: 'attributes.amount' },
    threshold: { op: 'gt', value: 10_000 },
    windowSeconds: 3600,
    suppressSeconds: 3600,
    targets: [],
  },
];
