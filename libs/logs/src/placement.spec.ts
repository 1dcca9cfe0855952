import { Types } from 'mongoose';
import { collectionName, GROUP_MAX_RECORDS, GROUP_MAX_TASKS, groupHour, groupMinute, groupOfJobId, hourKey, isLogId, isTaskId, jobIdOf, keyOfCollection, keyStart, logIdOf, minuteKey, newGroup, parseLogId, parseTaskId, StoreKind, taskIdOf } from './placement';

describe('placement by arrival', () => {
  it('names the UTC hour and minute a time falls in, and back', () => {
    expect(hourKey(new Date('2026-11-29T17:59:59.999Z'))).toBe('2026112917');
    expect(minuteKey(new Date('2026-11-29T17:59:59.999Z'))).toBe('202611291759');
    expect(keyStart('2026112918').toISOString()).toBe('2026-11-29T18:00:00.000Z');
    expect(keyStart('202611291807').toISOString()).toBe('2026-11-29T18:07:00.000Z');
  });

  it('names collections by kind and key, and reads keys back only for their kind', () => {
    expect(collectionName(StoreKind.Chunks, '2026112918')).toBe('chunks_2026112918');
    expect(keyOfCollection(StoreKind.Chunks, 'chunks_2026112918')).toBe('2026112918');
    expect(keyOfCollection(StoreKind.Groups, 'groups_202611291807')).toBe('202611291807');
    expect(keyOfCollection(StoreKind.Groups, 'groups_2026112918')).toBeUndefined();
    expect(keyOfCollection(StoreKind.Chunks, 'chunk_keys_2026112918')).toBeUndefined();
    expect(keyOfCollection(StoreKind.Catalog, 'catalog_2026112918x')).toBeUndefined();
  });

  it('gives a group a key whose time is the second it opened, in that minute and hour', () => {
    const opened = new Date('2026-11-29T18:07:42.123Z');
    const group = newGroup(opened);
    expect(group.key).toMatch(/^[0-9a-f]{20}$/);
    expect(groupMinute(group.key)).toBe('202611291807');
    expect(groupHour(group.key)).toBe('2026112918');
    expect(newGroup(opened).key).not.toBe(group.key);
    expect(groupOfJobId(jobIdOf(group.key))).toBe(group.key);
    expect(groupOfJobId('12345')).toBeUndefined();
  });

  it('makes log ids that are ObjectIds of the group second and name their group and index', () => {
    const group = newGroup(new Date('2026-11-29T18:07:42.123Z'));
    const id = logIdOf(group.key, 513);
    expect(Types.ObjectId.isValid(id)).toBe(true);
    expect(new Types.ObjectId(id).getTimestamp().toISOString()).toBe('2026-11-29T18:07:42.000Z');
    expect(parseLogId(id)).toEqual({ group: group.key, index: 513 });
    expect(parseLogId(id.toUpperCase())).toBeUndefined();
    expect(parseLogId('not-an-id')).toBeUndefined();
    expect(() => logIdOf(group.key, 0x10000)).toThrow(RangeError);
  });

  it('makes task ids that are UUIDv7 of the group millisecond and name their group and index', () => {
    const group = newGroup(new Date('2026-11-29T18:42:00.123Z'));
    const id = taskIdOf(group, 4095);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-11-29T18:42:00.123Z'));
    expect(parseTaskId(id)).toEqual({ group: group.key, index: 4095 });
    expect(parseTaskId(taskIdOf(group, 0))).toEqual({ group: group.key, index: 0 });
    expect(parseTaskId('7ed11703-f781-4662-a2ed-ff73c644ef14')).toBeUndefined(); // a UUIDv4
    expect(() => taskIdOf(group, 4096)).toThrow(RangeError);
  });

  it('pads a group key to eight hex digits of seconds, and reads only its own job ids', () => {
    const early = newGroup(new Date(86_400_000)); // one day after the epoch: 0x15180 seconds
    expect(early.key.slice(0, 8)).toBe('00015180');
    expect(jobIdOf(early.key)).toBe(`g${early.key}`);
    expect(groupOfJobId(`x${early.key}`)).toBeUndefined();
    expect(groupOfJobId('gnot-a-group-key-at-all')).toBeUndefined();
  });

  it('takes record and task indexes up to their maxima, whole and not negative', () => {
    const group = newGroup(new Date('2026-11-29T18:07:42.123Z'));
    expect(parseLogId(logIdOf(group.key, GROUP_MAX_RECORDS))).toEqual({ group: group.key, index: GROUP_MAX_RECORDS });
    expect(parseTaskId(taskIdOf(group, GROUP_MAX_TASKS))).toEqual({ group: group.key, index: GROUP_MAX_TASKS });
    for (const bad of [-1, 1.5]) {
      expect(() => logIdOf(group.key, bad)).toThrow(`record index ${bad} is outside a group`);
      expect(() => taskIdOf(group, bad)).toThrow(`task index ${bad} is outside a group`);
    }
    expect(isLogId(logIdOf(group.key, 1))).toBe(true);
    expect(isLogId('zz')).toBe(false);
    expect(isTaskId(taskIdOf(group, 1))).toBe(true);
    expect(isTaskId('not-a-task')).toBe(false);
  });

  it('reads a task id back to its group only when its time fits a group key', () => {
    const v7 = (millis: number) => {
      const hex = millis.toString(16).padStart(12, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7001-8000-0123456789ab`;
    };
    expect(parseTaskId(v7(1000))).toEqual({ group: '00000001' + '0123456789ab', index: 1 });
    expect(parseTaskId(v7(0xffffffff * 1000))).toEqual({ group: 'ffffffff' + '0123456789ab', index: 1 });
    expect(parseTaskId(v7(0x100000000 * 1000))).toBeUndefined();
    expect(parseTaskId('nonsense')).toBeUndefined();
  });
});
