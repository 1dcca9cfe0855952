// The Redis pub/sub channel that carries processed (redacted) records from workers to the
// api's live tails. One message per job: the job's processed records.
import type { StoredLogRecord } from '@app/logs';

export const liveTailChannel = (prefix: string) => `${prefix}:live-tail`;

export function encodeTailMessage(records: readonly StoredLogRecord[]): string {
  return JSON.stringify(records);
}

const DATE_FIELDS = ['timestamp', 'receivedAt', 'processedAt'] as const;

export function decodeTailMessage(message: string): StoredLogRecord[] {
  const records = JSON.parse(message) as StoredLogRecord[];
  for (const record of records) for (const field of DATE_FIELDS) if (record[field]) record[field] = new Date(record[field] as unknown as string);
  return records;
}
