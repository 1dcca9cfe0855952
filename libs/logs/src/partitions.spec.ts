import { Types } from 'mongoose';
import { logIdAt, partitionKey, partitionOfLogId, partitionOfTaskId, partitionsBetween, partitionStart, storableTime, taskIdAt } from './partitions';

describe('hourly partitions', () => {
  it('names the UTC hour a time falls in, and back', () => {
    expect(partitionKey(new Date('2026-11-29T17:59:59.999Z'))).toBe('2026112917');
    expect(partitionKey(new Date('2026-11-29T18:00:00.000Z'))).toBe('2026112918');
    expect(partitionStart('2026112918').toISOString()).toBe('2026-11-29T18:00:00.000Z');
  });

  it('lists the hours of a range newest first, both ends included', () => {
    expect(partitionsBetween(new Date('2026-11-29T16:30:00Z'), new Date('2026-11-29T18:05:00Z'))).toEqual(['2026112918', '2026112917', '2026112916']);
    expect(partitionsBetween(new Date('2026-11-29T18:30:00Z'), new Date('2026-11-29T18:05:00Z'))).toEqual([]);
  });

  it('gives a log id its event time, to the second, so the id names its hour', () => {
    const event = new Date('2026-11-26T03:14:15.926Z');
    const id = logIdAt(event);
    expect(new Types.ObjectId(id).getTimestamp().toISOString()).toBe('2026-11-26T03:14:15.000Z');
    expect(partitionOfLogId(id)).toBe('2026112603');
  });

  it('keeps log ids unique within one second', () => {
    const event = new Date('2026-11-26T03:14:15Z');
    expect(new Set(Array.from({ length: 1000 }, () => logIdAt(event))).size).toBe(1000);
  });

  it('stores event times an ObjectId cannot hold at its ends', () => {
    expect(storableTime(new Date('1900-01-01T00:00:00Z')).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(storableTime(new Date('2200-01-01T00:00:00Z')).getTime()).toBe(0xffffffff * 1000);
    expect(partitionOfLogId(logIdAt(new Date('1900-01-01T00:00:00Z')))).toBe('1970010100');
  });

  it('makes UUIDv7 task ids that name the hour they were accepted in', () => {
    const id = taskIdAt(new Date('2026-11-29T18:42:00.123Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(partitionOfTaskId(id)).toBe('2026112918');
  });

  it('locates no partition for a task id that is not a UUIDv7', () => {
    expect(partitionOfTaskId('7ed11703-f781-4662-a2ed-ff73c644ef14')).toBeUndefined();
    expect(partitionOfTaskId('not-a-task')).toBeUndefined();
  });
});
