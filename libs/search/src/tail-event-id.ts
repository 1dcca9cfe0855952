// Live-tail event ids: when a record was processed, and its id. A client that reconnects with
// Last-Event-ID gets, from the store, what was processed since.
export interface TailPosition {
  processedAt: Date;
  id: string;
}

export const tailEventId = ({ processedAt, id }: TailPosition): string => `${processedAt.getTime()}-${id}`;

export function parseTailEventId(value: string | undefined): TailPosition | null {
  const match = value ? /^(\d{1,15})-([0-9a-f]{24})$/.exec(value) : null;
  return match ? { processedAt: new Date(Number(match[1])), id: match[2] } : null;
}
