// Tells "the store is unreachable" (retry later: 503) apart from other database errors.
import { mongo } from 'mongoose';

/** Driver labels on errors caused by the connection, not by the data. */
const CONNECTION_LABELS = ['ResetPool', 'RetryableWriteError', 'RetryableError', 'SystemOverloadedError', 'NoWritesPerformed'];

/** The write errors of a bulk write error: the driver gives one, several, or none. */
export function writeErrorsOf(error: mongo.MongoBulkWriteError): Array<{ code: number; index: number }> {
  return [error.writeErrors].flat().filter((e): e is NonNullable<typeof e> => e !== undefined && e !== null);
}

/** MongoDB's duplicate-key error code: an insert whose _id (or unique key) is taken. */
export const DUPLICATE_KEY = 11000;

/** Whether an insert failed because the document exists already (how idempotent writes tell "done before"). */
export const isDuplicateKey = (error: unknown): boolean => (error as { code?: number } | null)?.code === DUPLICATE_KEY;

export function isStoreUnavailable(error: unknown): boolean {
  if (
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError
  ) {
    return true;
  }
  if (error instanceof mongo.MongoError && CONNECTION_LABELS.some((label) => error.hasErrorLabel(label))) {
    return true;
  }
  // A bulk write that failed without a single write error failed for want of a connection.
  if (error instanceof mongo.MongoBulkWriteError && writeErrorsOf(error).length === 0) {
    return true;
  }
  // Mongoose reports a connection that is closed or was never opened with errors of its own.
  const message = (error as { message?: string } | null)?.message ?? '';
  return /Client must be connected|Connection was force closed|connection .* closed/i.test(message) && !(error instanceof mongo.MongoServerError);
}
