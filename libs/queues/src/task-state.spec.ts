import { taskStatus, TaskStatus } from './task-state';

const counts = (pending: number, processed: number, failed: number) => ({ pending, processed, failed });

describe('taskStatus', () => {
  it.each([
    ['waiting', 0, TaskStatus.Pending],
    ['prioritized', 0, TaskStatus.Pending],
    ['active', 0, TaskStatus.Started],
    ['active', 2, TaskStatus.Started],
    ['delayed', 1, TaskStatus.Retry],
    ['waiting', 1, TaskStatus.Retry],
    ['failed', 5, TaskStatus.Failure],
  ])('maps a job %s after %i attempts with pending records to %s', (state, attemptsMade, expected) => {
    expect(taskStatus(counts(1, 0, 0), { state, attemptsMade })).toBe(expected);
  });

  it('is PENDING when records wait and Redis no longer has the job (the reconciler re-enqueues it)', () => {
    expect(taskStatus(counts(1, 0, 0), undefined)).toBe(TaskStatus.Pending);
  });

  it('is SUCCESS from the records alone once nothing is pending', () => {
    expect(taskStatus(counts(0, 3, 0), undefined)).toBe(TaskStatus.Success);
    expect(taskStatus(counts(0, 2, 1), undefined)).toBe(TaskStatus.Success);
  });

  it('is FAILURE when every record failed', () => {
    expect(taskStatus(counts(0, 0, 2), undefined)).toBe(TaskStatus.Failure);
  });
});
