// Tells "the store is unreachable" (retry later: 503) apart from other database errors.
import { mongo } from 'mongoose';

export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNotConnectedError) {
    return true;
  }
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  // Mongoose reports a closed or never-opened connection with its own errors.
  return (
    /^(MongoNetworkError|MongoServerSelectionError|MongoNotConnectedError|MongoNetworkTimeoutError|MongoPoolClearedError)$/.test(name) ||
    /buffering timed out|Client must be connected|connection .* closed|Connection pool .* closed|Topology is closed/i.test(message)
  );
}
