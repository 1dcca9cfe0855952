// The work of one redaction job: load its pending records, open them in memory, redact, and
// store every redacted record with one insertMany. A record that cannot be opened or redacted
// fails alone with a reason; database errors fail the job so BullMQ retries it.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { LogRecordRepository, LogStatus, type LogContent, type ProcessingOutcome, type SealedLogRecord } from '@app/logs';
import type { RedactLogsResult } from '@app/queues';
import { summariseFindings, type Redactor } from '@app/redaction';
import { RulesetService } from '@app/rules';
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
  ) {}

  async processRecords(logIds: readonly string[]): Promise<RedactLogsResult> {
    const pending = await this.records.findPendingSealed(logIds);
    if (pending.length === 0) return { processed: 0, failed: 0, skipped: logIds.length };
    const { redactor, version } = await this.ruleset.current();
    const outcomes = pending.map((record) => this.redactOne(record, redactor, version));
    const { inserted, processed } = await this.records.writeOutcomes(outcomes);
    await this.liveTail.publish(processed);
    const failed = outcomes.filter((outcome) => outcome.status === LogStatus.Failed).length;
    // Records processed by an earlier delivery (still awaiting their pending copy's deletion) count as skipped.
    return { processed: inserted, failed, skipped: logIds.length - inserted - failed };
  }

  private redactOne({ id, sealed, record }: SealedLogRecord, redactor: Redactor, rulesetVersion: number): ProcessingOutcome {
    try {
      const { value, findings } = redactor.redact(this.sealer.open<LogContent>(sealed, id), '$');
      return { id, status: LogStatus.Processed, pending: record, content: value, findings: summariseFindings(findings), rulesetVersion };
    } catch (error) {
      // Reasons name the failure, never the content.
      const reason = error instanceof SealError ? `cannot open sealed content: ${error.message}` : `redaction failed: ${(error as Error).name}`;
      this.logger.warn(`log ${id} failed: ${reason}`);
      return { id, status: LogStatus.Failed, reason };
    }
  }
}
