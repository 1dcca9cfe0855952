// Server-sent events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html).
export function sseEvent(event: string, data: unknown, id?: string): string {
  // JSON.stringify never emits a raw newline, so the data is one `data:` line.
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const sseComment = (text: string): string => `: ${text.replace(/\n/g, ' ')}\n\n`;
