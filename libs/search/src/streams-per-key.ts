// Long-lived streams (live tails, alert feeds) held open per API key in this process, so one
// key cannot take every slot of TAIL_MAX_CONNECTIONS.
export class StreamsPerKey {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerKey: number) {}

  /** Takes a slot for `keyId`; false when it holds its maximum. Give it back with the returned release. */
  take(keyId: string): (() => void) | undefined {
    const held = this.open.get(keyId) ?? 0;
    if (held >= this.maxPerKey) return undefined;
    this.open.set(keyId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.open.get(keyId) ?? 1) - 1;
      if (now <= 0) this.open.delete(keyId);
      else this.open.set(keyId, now);
    };
  }
}
