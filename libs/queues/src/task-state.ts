// Maps a BullMQ job state and the records of a task to the seed's Celery-style task states.

export enum TaskStatus {
  Pending = 'PENDING',
  Started = 'STARTED',
  Retry = 'RETRY',
  Success = 'SUCCESS',
  Failure = 'FAILURE',
}

/** What BullMQ says of a job, when Redis still holds it. */
export interface JobView {
  state: string;
  attemptsMade: number;
}

/** What the records in MongoDB say of the task. */
export interface TaskRecordCounts {
  pending: number;
  processed: number;
  failed: number;
}

/**
 * The records are the truth once nothing is pending; the job tells how far along a task
 * with pending records is. A task whose job is gone but has pending records is PENDING:
 * the reconciler will enqueue it again.
 */
export function taskStatus(records: TaskRecordCounts, job: JobView | undefined): TaskStatus {
  if (records.pending === 0) {
    return records.failed > 0 && records.processed === 0 ? TaskStatus.Failure : TaskStatus.Success;
  }
  switch (job?.state) {
    case 'active':
      return TaskStatus.Started;
    case 'delayed':
      return job.attemptsMade > 0 ? TaskStatus.Retry : TaskStatus.Pending;
    case 'waiting':
    case 'wait':
    case 'prioritized':
    case 'waiting-children':
      return job.attemptsMade > 0 ? TaskStatus.Retry : TaskStatus.Pending;
    case 'failed':
      return TaskStatus.Failure;
    default:
      return TaskStatus.Pending;
  }
}
