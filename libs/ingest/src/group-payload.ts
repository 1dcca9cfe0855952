// A commit group as its redaction job carries it, and back: records sealed, times as numbers.
import type { AcceptedGroup } from '@app/logs';
import type { PriorResult, RedactLogsPayload } from '@app/queues';
import type { LogSource } from '@app/logs';

export function groupPayload(group: AcceptedGroup, prior?: PriorResult): RedactLogsPayload {
  return {
    group: group.key,
    receivedAt: group.receivedAt.getTime(),
    tasks: group.tasks,
    records: group.records.map((r) => ({ index: r.index, taskId: r.taskId, source: r.source, timestamp: r.timestamp.getTime(), sealed: r.sealed })),
    ...(prior ? { prior } : {}),
  };
}

export function groupOfPayload(payload: RedactLogsPayload): AcceptedGroup {
  return {
    key: payload.group,
    receivedAt: new Date(payload.receivedAt),
    tasks: payload.tasks,
    records: payload.records.map((r) => ({ index: r.index, taskId: r.taskId, source: r.source as LogSource, timestamp: new Date(r.timestamp), sealed: r.sealed })),
  };
}
