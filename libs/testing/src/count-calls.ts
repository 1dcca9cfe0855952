// Counts the calls made to one method of a live object (a service of the booted app), calling
// through to it: for tests that assert what a read did not do (open a chunk, look up a key).

export interface CallCount {
  readonly calls: number;
  restore(): void;
}

export function countCalls<T extends object, K extends keyof T>(target: T, method: K): CallCount {
  const original = target[method] as unknown as (...args: unknown[]) => unknown;
  let calls = 0;
  target[method] = ((...args: unknown[]) => {
    calls++;
    return original.apply(target, args);
  }) as T[K];
  return {
    get calls() {
      return calls;
    },
    restore: () => {
      target[method] = original as T[K];
    },
  };
}
