// The work of one redaction job: load its pending records, open them in memory, run
// detection on the raw values, redact, and store every redacted record with one insertMany. A record that cannot be opened or redacted
// fails alone with a reason; database errors fail the job so BullMQ retries it.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { LogRecordRepository, LogStatus, type LogContent, type ProcessingOutcome, type SealedLogRecord } from '@app/logs';
import type { RedactLogsResult } from '@app/queues';
import { summariseFindings, type Redactor } from '@app/redaction';
import { RulesetService } from '@app/rules';
import { DetectionService, eventTime } from '@app/detection';
import { LiveTailPublisher } from '@app/search';
import { ContentSealer, SealError } from '@app/sealing';

@Injectable()
export class LogRedactionService {
  private readonly logger = new Logger(LogRedactionService.name);
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  constructor(
    private readonly records: LogRecordRepository,
    private readonly ruleset: RulesetService,
    private readonly liveTail: LiveTailPublisher,
    private readonly detection: DetectionService,
  ) {}

  async processRecords(logIds: readonly string[]): Promise<RedactLogsResult> {
    const pending = await this.records.findPendingSealed(logIds);
    if (pending.length === 0) return { processed: 0, failed: 0, skipped: logIds.length };
    const { redactor, version } = await this.ruleset.current();
    const opened = pending.map((record) => this.open(record));
    // Detection reads the raw values, before redaction; it throws (and the job is retried) if
    // Redis or MongoDB fail, and it counts each log once however often the job runs.
    await this.detection.observe(
      opened.flatMap((o) => ('content' in o ? [{ logId: o.record.id, time: eventTime(o.record.record.timestamp, o.record.record.receivedAt), content: o.content }] : [])),
    );
    // One record at a time, each giving the event loop turns while it works (redactAsync).
    const outcomes: ProcessingOutcome[] = [];
    for (const o of opened) outcomes.push('content' in o ? await this.redactOne(o.record, o.content, redactor, version) : o.failure);
    const { inserted, processed } = await this.records.writeOutcomes(outcomes);
    await this.liveTail.publish(processed);
    const failed = outcomes.filter((outcome) => outcome.status === LogStatus.Failed).length;
    // Records processed by an earlier delivery (still awaiting their pending copy's deletion) count as skipped.
    return { processed: inserted, failed, skipped: logIds.length - inserted - failed };
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
