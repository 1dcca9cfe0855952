// The work of one redaction job, one commit group: open its sealed records (carried by the
// job: nothing is read back), run detection on the raw values, redact, hand the redacted
// records to the chunk writer, keep failed ones sealed, and write the group's result, which
// marks it done. A record that cannot be opened or redacted fails alone with a reason; store
// errors fail the job so BullMQ retries it. A job delivered again first looks for what an
// earlier delivery finished, so nothing is stored twice.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import {
  AcceptedGroupStore,
  ChunkCatalog,
  GroupResultStore,
  groupHour,
  hourKey,
  logIdOf,
  LogStatus,
  type AcceptedGroup,
  type GroupResult,
  type LogContent,
  type ProcessingOutcome,
  type SealedRecord,
  type StoredLogRecord,
} from '@app/logs';
import { groupOfPayload } from '@app/ingest';
import type { PriorResult, RedactLogsPayload, RedactLogsResult } from '@app/queues';
import { summariseFindings, type Redactor } from '@app/redaction';
import { RulesetService } from '@app/rules';
import { DetectionService, eventTime } from '@app/detection';
import { ErasureRequests, LiveTailPublisher, matchesLogQuery, openedRecord, type ActiveErasure } from '@app/search';
import { ContentSealer, SealError } from '@app/sealing';
import { acceptToProcessedSeconds, recordsProcessed, redactions } from '@app/observability';
import { ChunkWriter } from './chunk-writer';

@Injectable()
export class LogRedactionService {
  private readonly logger = new Logger(LogRedactionService.name);
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    private readonly catalog: ChunkCatalog,
    private readonly writer: ChunkWriter,
    private readonly ruleset: RulesetService,
    private readonly liveTail: LiveTailPublisher,
    private readonly detection: DetectionService,
    private readonly erasures: ErasureRequests,
  ) {}

  /**
   * `redelivered`: an earlier delivery may have done part of the work. `lastAttempt`: detection
   * that still fails (Redis away) is skipped and said so, rather than failing the logs.
   */
  async processGroup(payload: RedactLogsPayload, { lastAttempt = false, redelivered = false } = {}): Promise<RedactLogsResult> {
    const group = groupOfPayload(payload);
    if ((redelivered || payload.recheck) && (await this.results.find(group.key))) return { processed: 0, failed: 0, skipped: group.records.length };
    const earlier = redelivered || payload.recheck ? await this.earlierChunks(group) : { ids: new Set<string>(), records: [] as StoredLogRecord[], refs: [] as Array<[string, string]> };
    const todo = group.records.filter((record) => !earlier.ids.has(logIdOf(group.key, record.index)));

    const { redactor, version } = await this.ruleset.current();
    // Records an erasure started after they were accepted is looking for are dropped here, unstored.
    const { kept: opened, erased } = await this.withoutErased(group, todo.map((record) => this.open(group, record)));
    const detectionErrors = await this.detect(group, opened, lastAttempt);
    const outcomes: ProcessingOutcome[] = [];
    for (const o of opened) outcomes.push('content' in o ? await this.redactOne(group, o.record, o.content, redactor, version) : o.failure);

    const processed = outcomes.flatMap((o) => (o.status === LogStatus.Processed ? [o.record] : []));
    const failed = outcomes.filter((o): o is Extract<ProcessingOutcome, { status: LogStatus.Failed }> => o.status === LogStatus.Failed);
    const refs = await this.writer.add(processed);
    await this.keepFailed(group, failed, payload.prior !== undefined);
    await this.results.insert(resultOf(group, [...earlier.records, ...processed], failed, [...earlier.refs, ...refs], payload.prior, erased));
    countProcessing(processed, failed.length);
    await this.liveTail.publish(processed);
    return { processed: processed.length, failed: failed.length, skipped: earlier.ids.size, ...(detectionErrors.length > 0 ? { detectionErrors } : {}) };
  }

  /** After the last attempt failed: every record of the group is kept failed, and its result written. */
  async giveUp(payload: RedactLogsPayload, reason: string): Promise<void> {
    const group = groupOfPayload(payload);
    if (await this.results.find(group.key)) return;
    const failed = group.records.map((record) => ({ id: logIdOf(group.key, record.index), status: LogStatus.Failed as const, reason }));
    await this.keepFailed(group, failed, payload.prior !== undefined);
    await this.results.insert(resultOf(group, [], failed, payload.prior?.chunks ?? [], payload.prior));
  }

  /**
   * Opened records that a running erasure (started after the group was accepted) matches on
   * their raw values are dropped, and counted for it; their ids are returned as erased.
   */
  private async withoutErased(group: AcceptedGroup, opened: ReturnType<LogRedactionService['open']>[]): Promise<{ kept: ReturnType<LogRedactionService['open']>[]; erased: Set<string> }> {
    const erasures: ActiveErasure[] = (await this.erasures.running()).filter((erasure) => erasure.createdAt >= group.receivedAt);
    const erased = new Set<string>();
    if (erasures.length === 0) return { kept: opened, erased };
    const counts = new Map<string, number>();
    const kept = opened.filter((o) => {
      if (!('content' in o)) return true;
      const erasure = erasures.find((e) => matchesLogQuery(openedRecord(o.record.timestamp, o.content), e.query));
      if (!erasure) return true;
      erased.add(logIdOf(group.key, o.record.index));
      counts.set(erasure.id, (counts.get(erasure.id) ?? 0) + 1);
      return false;
    });
    for (const [id, count] of counts) await this.erasures.count(id, 'pending', count);
    return { kept, erased };
  }

  /** Records of the group that an earlier delivery wrote into chunks before it could write the result. */
  private async earlierChunks(group: AcceptedGroup): Promise<{ ids: Set<string>; records: StoredLogRecord[]; refs: Array<[string, string]> }> {
    const records: StoredLogRecord[] = [];
    const refs: Array<[string, string]> = [];
    for (const hour of new Set([groupHour(group.key), hourKey(new Date(Date.now() - 3_600_000)), hourKey(new Date())])) {
      if (hour < groupHour(group.key)) continue;
      const entries = await this.catalog.entries(hour);
      const keys = await this.catalog.keys(entries);
      for (const entry of entries.filter((e) => keys.get(e.id)?.groups.includes(group.key))) {
        const found = (await this.catalog.records(entry))?.filter((record) => record.id.startsWith(group.key)) ?? [];
        if (found.length > 0) refs.push([entry.hour, entry.id]);
        records.push(...found);
      }
    }
    return { ids: new Set(records.map((r) => r.id)), records, refs };
  }

  /** Detection reads the raw values, before redaction; it throws (the job is retried) if Redis or MongoDB fail, and counts each log once however often the job runs. */
  private async detect(group: AcceptedGroup, opened: ReturnType<LogRedactionService['open']>[], lastAttempt: boolean): Promise<string[]> {
    const errors: string[] = [];
    try {
      const detected = await this.detection.observe(
        opened.flatMap((o) => ('content' in o ? [{ logId: logIdOf(group.key, o.record.index), time: eventTime(o.record.timestamp, group.receivedAt), content: o.content }] : [])),
      );
      errors.push(...detected.errors);
    } catch (error) {
      if (!lastAttempt) throw error;
      errors.push(`detection skipped on the last attempt (${(error as Error).name})`);
      this.logger.warn(`${errors[errors.length - 1]}; the logs are redacted without it`);
    }
    return errors;
  }

  /** Failed records stay sealed, with their reasons, for GET /logs?status=failed and reprocessing. */
  private async keepFailed(group: AcceptedGroup, failed: ReadonlyArray<{ id: string; reason: string }>, reprocessing: boolean): Promise<void> {
    const reasons = new Map(failed.map((f) => [f.id, f.reason]));
    const records = group.records.filter((record) => reasons.has(logIdOf(group.key, record.index)));
    if (records.length === 0) {
      // Reprocessed whole: the failed copies are done with.
      if (reprocessing) await this.groups.deleteFailed(group.key);
      return;
    }
    await this.groups.putFailed({ ...group, records, reasons: records.map((r) => [r.index, reasons.get(logIdOf(group.key, r.index))!]), failedAt: new Date() });
  }

  private open(group: AcceptedGroup, record: SealedRecord): { record: SealedRecord; content: LogContent } | { failure: ProcessingOutcome } {
    const id = logIdOf(group.key, record.index);
    try {
      return { record, content: this.sealer.open<LogContent>(record.sealed, id) };
    } catch (error) {
      return { failure: this.failed(id, error instanceof SealError ? `cannot open sealed content: ${error.message}` : `cannot open sealed content: ${(error as Error).name}`) };
    }
  }

  private async redactOne(group: AcceptedGroup, record: SealedRecord, content: LogContent, redactor: Redactor, rulesetVersion: number): Promise<ProcessingOutcome> {
    const id = logIdOf(group.key, record.index);
    try {
      const { value, findings } = await redactor.redactAsync(content, '$');
      // Level and service are copied out for filtering only now that they are redacted too.
      const stored: StoredLogRecord = {
        id,
        taskId: record.taskId,
        status: LogStatus.Processed,
        source: record.source,
        receivedAt: group.receivedAt,
        timestamp: record.timestamp,
        ...(value.level !== undefined ? { level: value.level } : {}),
        ...(value.service !== undefined ? { service: value.service } : {}),
        content: value,
        findings: summariseFindings(findings),
        rulesetVersion,
        processedAt: new Date(),
      };
      return { id, status: LogStatus.Processed, record: stored };
    } catch (error) {
      return this.failed(id, `redaction failed: ${(error as Error).name}`);
    }
  }

  /** Reasons name the failure, never the content. */
  private failed(id: string, reason: string): ProcessingOutcome {
    this.logger.warn(`log ${id} failed: ${reason}`);
    return { id, status: LogStatus.Failed, reason };
  }
}

/** A group's result: each task's counts and redactions (with what earlier processing found, when reprocessed). */
function resultOf(
  group: AcceptedGroup,
  processed: readonly StoredLogRecord[],
  failed: ReadonlyArray<{ id: string; reason: string }>,
  chunks: Array<[string, string]>,
  prior?: PriorResult,
  /** Records an erasure dropped: done with, so counted processed, stored nowhere. */
  erased: ReadonlySet<string> = new Set(),
): GroupResult {
  const finishedAt = new Date();
  const failedIndex = new Map(failed.map((f) => [f.id, f.reason]));
  const tasks = group.tasks.map((task) => {
    const before = prior?.tasks.find((t) => t.id === task.id);
    // Null prototype: rule ids are words of the rules' authors, never inherited names.
    const redactionsByRule: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(before?.redactions ?? []));
    let done = (before?.processed ?? 0) + group.records.filter((r) => r.taskId === task.id && erased.has(logIdOf(group.key, r.index))).length;
    for (const record of processed) {
      if (record.taskId !== task.id) continue;
      done++;
      for (const finding of record.findings ?? []) redactionsByRule[finding.rule] = (redactionsByRule[finding.rule] ?? 0) + finding.count;
    }
    const reasons = new Set<string>();
    let failures = 0;
    for (const record of group.records) {
      const reason = record.taskId === task.id ? failedIndex.get(logIdOf(group.key, record.index)) : undefined;
      if (reason === undefined) continue;
      failures++;
      reasons.add(reason);
    }
    return { id: task.id, processed: done, failed: failures, redactionsByRule, failureReasons: [...reasons], finishedAt };
  });
  const failedPairs = group.records.flatMap((r): Array<[number, string]> => {
    const reason = failedIndex.get(logIdOf(group.key, r.index));
    return reason === undefined ? [] : [[r.index, reason]];
  });
  const unique = new Map(chunks.map((ref) => [ref.join('/'), ref]));
  return { key: group.key, finishedAt, tasks, failed: failedPairs, chunks: [...unique.values()] };
}

/** Metrics of one job: records by outcome, accept-to-processed latency, redactions by rule. */
function countProcessing(processed: readonly StoredLogRecord[], failed: number): void {
  if (processed.length > 0) recordsProcessed.inc({ outcome: 'processed' }, processed.length);
  if (failed > 0) recordsProcessed.inc({ outcome: 'failed' }, failed);
  for (const record of processed) {
    if (record.processedAt) acceptToProcessedSeconds.observe(Math.max(0, record.processedAt.getTime() - record.receivedAt.getTime()) / 1000);
    for (const finding of record.findings ?? []) redactions.inc({ rule: finding.rule }, finding.count);
  }
}
