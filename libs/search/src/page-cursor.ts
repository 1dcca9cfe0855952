// Keyset pagination over (timestamp, id), newest first: a cursor names the last record of a
// page, and the next page is everything strictly older. No offsets, so records inserted
// while someone pages through never shift a page (no duplicates, no gaps).
export interface PageCursor {
  timestamp: Date;
  id: string;
}

export function encodeCursor({ timestamp, id }: PageCursor): string {
  return Buffer.from(`${timestamp.getTime()}_${id}`).toString('base64url');
}

/** The cursor `value` encodes, or null for anything that is not one of ours. */
export function decodeCursor(value: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(value)) return null;
  const match = /^(\d{1,15})_([0-9a-f]{24})$/.exec(Buffer.from(value, 'base64url').toString());
  return match ? { timestamp: new Date(Number(match[1])), id: match[2] } : null;
}
