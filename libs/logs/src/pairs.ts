// FerretDB stores no arrays inside arrays: pairs (counts by level, [index, reason], [hour,
// chunk]) are kept as small objects in the store and as tuples in code.

export interface PairDoc<K, V> {
  k: K;
  v: V;
}

export const toPairDocs = <K, V>(pairs: ReadonlyArray<readonly [K, V]>): Array<PairDoc<K, V>> => pairs.map(([k, v]) => ({ k, v }));
export const fromPairDocs = <K, V>(docs: ReadonlyArray<PairDoc<K, V>> | undefined): Array<[K, V]> => (docs ?? []).map(({ k, v }) => [k, v]);
