// The filters of GET /alerts, parsed from query parameters with the same rules as the log
// search (@app/search): plain strings only, known names only, the same page size and cursor.
import { parsePageCursor, parsePageLimit, parseTimeBound, plainValues, QueryError, DEFAULT_PAGE } from '@app/search';
import { ALERT_STATUSES, type AlertStatus } from './alert.schema';
import type { AlertQuery } from './alert.service';
import { SEVERITIES } from './detection-rule';

const KNOWN = new Set(['rule', 'severity', 'status', 'from', 'limit', 'cursor']);
const RULE_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

export function parseAlertQuery(params: Record<string, unknown>, now = new Date()): AlertQuery {
  const unknown = Object.keys(params).find((name) => !KNOWN.has(name));
  if (unknown) throw new QueryError(`Unknown query parameter "${unknown.slice(0, 40)}"; filters are rule, severity, status, from, limit, cursor`);
  const ruleIds = plainValues('rule', params.rule);
  const severities = plainValues('severity', params.severity);
  const statuses = plainValues('status', params.status);
  if (!ruleIds.every((r) => RULE_ID.test(r))) throw new QueryError('"rule" must be a rule id');
  if (!severities.every((s) => SEVERITIES.includes(s as never))) throw new QueryError(`"severity" must be one of ${SEVERITIES.join(', ')}`);
  if (!statuses.every((s) => ALERT_STATUSES.includes(s as AlertStatus))) throw new QueryError(`"status" must be one of ${ALERT_STATUSES.join(', ')}`);
  const [from] = plainValues('from', params.from);
  const fromDate = from === undefined ? undefined : parseTimeBound(from, now);
  if (fromDate === null) throw new QueryError('"from" must be an ISO 8601 time or a duration such as 15m, 2h or 7d');
  const [limit] = plainValues('limit', params.limit);
  const [cursor] = plainValues('cursor', params.cursor);
  const after = cursor === undefined ? undefined : parsePageCursor(cursor);
  return {
    ruleIds,
    severities,
    statuses: statuses as AlertStatus[],
    from: fromDate,
    limit: limit === undefined ? DEFAULT_PAGE : parsePageLimit(limit),
    after: after && { createdAt: after.timestamp, id: after.id },
  };
}
