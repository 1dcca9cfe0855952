// Where records keep what detection reads, by convention, as data: logsieve's own names first,
// then the brief's (`username`, `activity`), Elastic Common Schema and OpenTelemetry's semantic
// conventions. Matching, grouping and sums all read through it, built-in rules and custom ones.

/** For a field a rule names, the paths tried in order; the first holding a plain value (not an object) answers. */
export const FIELD_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'attributes.user': ['attributes.user', 'attributes.username', 'attributes.user_name', 'attributes.user.name', 'attributes.enduser.id', 'attributes.user.id', 'attributes.login'],
  'attributes.event': ['attributes.event', 'attributes.activity', 'attributes.event.action', 'attributes.action', 'attributes.event_type'],
  'attributes.source_ip': [
    'attributes.source_ip',
    'attributes.source.ip',
    'attributes.source.address',
    'attributes.client.address',
    'attributes.client.ip',
    'attributes.client_ip',
    'attributes.ip',
    'attributes.remote_addr',
    'attributes.network.peer.address',
  ],
  'attributes.account': ['attributes.account', 'attributes.account_id', 'attributes.account.id', 'attributes.customer.id'],
  'attributes.amount': ['attributes.amount', 'attributes.transaction.amount', 'attributes.payment.amount'],
};

/** A value no single field holds, derived from several: an ECS authentication failure is a failed login. */
export interface DerivedValue {
  field: string;
  value: string;
  /** Every condition must hold: the path's value equals, or (a list) includes, the given one. */
  when: ReadonlyArray<{ path: string; is: string }>;
}

export const DERIVED_VALUES: readonly DerivedValue[] = [
  {
    field: 'attributes.event',
    value: 'login_failed',
    when: [
      { path: 'attributes.event.category', is: 'authentication' },
      { path: 'attributes.event.outcome', is: 'failure' },
    ],
  },
];
