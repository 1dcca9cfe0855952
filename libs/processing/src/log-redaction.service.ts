// The work of one redaction job: load its pending records, open them in memory, run
// detection on the raw values, redact, store every redacted record with one insertMany per
// hour, and write each task's result. A record that cannot be opened or redacted fails alone
// with a reason; database errors fail the job so BullMQ retries it.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { LogRecordRepository, LogStatus, TaskRepository, type LogContent, type ProcessingOutcome, type SealedLogRecord, type StoredLogRecord, type TaskResult } from '@app/logs';
import type { RedactLogsResult, TaskLogs } from '@app/queues';
import { countByRule, summariseFindings, type FindingSummary, type Redactor } from '@app/redaction';
import { RulesetService } from '@app/rules';
import { DetectionService, eventTime } from '@app/detection';
import { LiveTailPublisher } from '@app/search';
import { ContentSealer, SealError } from '@app/sealing';
import { acceptToProcessedSeconds, recordsProcessed, redactions } from '@app/observability';

@Injectable()
export class LogRedactionService {
  private readonly logger = new Logger(LogRedactionService.name);
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  constructor(
    private readonly records: LogRecordRepository,
    private readonly tasks: TaskRepository,
    private readonly ruleset: RulesetService,
    private readonly liveTail: LiveTailPublisher,
    private readonly detection: DetectionService,
  ) {}

  /**
   * `lastAttempt`: detection that still fails (Redis away) is skipped and said so in the
   * result, rather than failing the logs: their redaction never depends on detection.
   */
  async processTasks(tasks: readonly TaskLogs[], { lastAttempt = false } = {}): Promise<RedactLogsResult> {
    const logIds = tasks.flatMap((t) => t.logIds);
    const pending = await this.records.findPendingSealed(logIds);
    if (pending.length === 0) {
      await this.writeResults(tasks, new Map());
      return { processed: 0, failed: 0, skipped: logIds.length };
    }
    const { redactor, version } = await this.ruleset.current();
    const opened = pending.map((record) => this.open(record));
    // Detection reads the raw values, before redaction; it throws (and the job is retried) if
    // Redis or MongoDB fail, and it counts each log once however often the job runs.
    const detectionErrors: string[] = [];
    try {
      const detected = await this.detection.observe(
        opened.flatMap((o) => ('content' in o ? [{ logId: o.record.id, time: eventTime(o.record.record.timestamp, o.record.record.receivedAt), content: o.content }] : [])),
      );
      detectionErrors.push(...detected.errors);
    } catch (error) {
      if (!lastAttempt) throw error;
      detectionErrors.push(`detection skipped on the last attempt (${(error as Error).name})`);
      this.logger.warn(`${detectionErrors[detectionErrors.length - 1]}; the logs are redacted without it`);
    }
    // One record at a time, each giving the event loop turns while it works (redactAsync).
    const outcomes: ProcessingOutcome[] = [];
    for (const o of opened) outcomes.push('content' in o ? await this.redactOne(o.record, o.content, redactor, version) : o.failure);
    const written = await this.records.writeOutcomes(outcomes);
    countProcessing(written.processed, written.outcomes);
    await this.liveTail.publish(written.processed);
    const now = new Map(written.outcomes.map((o) => [o.id, o]));
    await this.writeResults(tasks, now);
    const failed = written.outcomes.filter((outcome) => outcome.status === LogStatus.Failed).length;
    // Records processed by an earlier delivery (still awaiting their pending copy's deletion) count as skipped.
    return { processed: written.inserted.size, failed, skipped: logIds.length - written.inserted.size - failed, ...(detectionErrors.length > 0 ? { detectionErrors } : {}) };
  }

  /** After the last attempt failed: the still-pending records are marked failed and the tasks' results written. */
  async giveUp(tasks: readonly TaskLogs[], reason: string): Promise<void> {
    await this.records.markFailed(tasks.flatMap((t) => t.logIds), reason);
    await this.writeResults(tasks, new Map());
  }

  /**
   * One result per finished task, from this delivery's outcomes and, for its other records,
   * what earlier deliveries stored. A job from ingest carries whole tasks; one from the
   * reconciler or reprocessing may carry part of one, and then the task's own record list
   * says whether any is still pending (its result waits for the delivery that finishes it).
   * Written before the job completes, so a finished job's tasks always have one.
   */
  private async writeResults(tasks: readonly TaskLogs[], now: ReadonlyMap<string, ProcessingOutcome>): Promise<void> {
    const wholeTasks = await Promise.all(
      tasks.map(async (task) => (task.whole ? task : { ...task, logIds: (await this.tasks.findTask(task.taskId))?.logIds ?? task.logIds })),
    );
    const earlierIds = wholeTasks.flatMap((t) => t.logIds).filter((id) => !now.has(id));
    const earlier = earlierIds.length > 0 ? await this.records.earlierOutcomes(earlierIds) : undefined;
    const finishedAt = new Date();
    const results: TaskResult[] = [];
    for (const { taskId, logIds, whole } of wholeTasks) {
      const findings: FindingSummary[][] = [];
      const reasons = new Set<string>();
      let processed = 0;
      let failed = 0;
      for (const id of logIds) {
        const outcome = now.get(id);
        const done = outcome?.status === LogStatus.Processed ? outcome.findings : earlier?.processed.get(id)?.findings;
        const reason = outcome?.status === LogStatus.Failed ? outcome.reason : earlier?.failed.get(id)?.reason;
        if (done) {
          processed++;
          findings.push(done as FindingSummary[]);
        } else if (reason !== undefined) {
          failed++;
          reasons.add(reason);
        }
      }
      // A record neither processed nor failed is still pending (another delivery has it), or gone.
      const finished = processed + failed === logIds.length || whole;
      if (finished) results.push({ id: taskId, processed, failed, redactionsByRule: countByRule(findings), failureReasons: [...reasons], finishedAt });
    }
    await this.tasks.insertResults(results);
  }

  private open(record: SealedLogRecord): { record: SealedLogRecord; content: LogContent } | { failure: ProcessingOutcome } {
    try {
      return { record, content: this.sealer.open<LogContent>(record.sealed, record.id) };
    } catch (error) {
      return { failure: this.failed(record.id, error instanceof SealError ? `cannot open sealed content: ${error.message}` : `cannot open sealed content: ${(error as Error).name}`) };
    }
  }

  private async redactOne({ id, record }: SealedLogRecord, content: LogContent, redactor: Redactor, rulesetVersion: number): Promise<ProcessingOutcome> {
    try {
      const { value, findings } = await redactor.redactAsync(content, '$');
      return { id, status: LogStatus.Processed, pending: record, content: value, findings: summariseFindings(findings), rulesetVersion };
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

/** Metrics of one job's writes: records by outcome, accept-to-processed latency, redactions by rule. */
function countProcessing(processed: readonly StoredLogRecord[], outcomes: readonly ProcessingOutcome[]): void {
  const failed = outcomes.filter((o) => o.status === LogStatus.Failed).length;
  if (processed.length > 0) recordsProcessed.inc({ outcome: 'processed' }, processed.length);
  if (failed > 0) recordsProcessed.inc({ outcome: 'failed' }, failed);
  for (const record of processed) {
    if (record.processedAt) acceptToProcessedSeconds.observe(Math.max(0, record.processedAt.getTime() - record.receivedAt.getTime()) / 1000);
    for (const finding of record.findings ?? []) redactions.inc({ rule: finding.rule }, finding.count);
  }
}
