import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyScope, RequiresScope } from '@app/auth';
import { QueueBacklogService } from '@app/queues';
import { abortedOnClose, DURATION_PATTERN, LogSearchService, parseDuration, parseLogQuery, ReadAbortedError } from '@app/search';
import type { Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import { LogFilterQueries } from '../logs/log-query.params';
import { StatsDto } from './stats.dto';

const DEFAULT_RANGE_MS = 3_600_000;
const MAX_BUCKETS = 500;
/** Widths tried, smallest first, when no bucket is asked for: the first giving at most 120 buckets. */
const AUTO_BUCKETS_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];

@ApiTags('stats')
@RequiresScope(ApiKeyScope.Read)
@Controller('stats')
export class StatsController {
  constructor(
    private readonly search: LogSearchService,
    private readonly backlog: QueueBacklogService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Volume, redactions and queue depth', description: 'Counts of processed logs by level over time buckets and by service, the redaction rules that fired most, and the redaction queue by state. Default range: the last hour.' })
  @LogFilterQueries()
  @ApiQuery({ name: 'bucket', required: false, schema: { type: 'string', pattern: DURATION_PATTERN }, description: 'Bucket width such as `1m`, `5m`, `1h`; chosen from the range when absent.' })
  @ApiOkResponse({ type: StatsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async stats(@Query() params: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<StatsDto | void> {
    const query = parseLogQuery(params, { extra: ['bucket'] });
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
    const span = to.getTime() - from.getTime();
    const bucketMs = this.bucketWidth(params.bucket, span);
    if (span / bucketMs > MAX_BUCKETS) throw new BadRequestException(`The range holds more than ${MAX_BUCKETS} buckets; widen "bucket" or narrow the range`);
    let stats, queue;
    try {
      [stats, queue] = await Promise.all([this.search.stats(query, from, to, bucketMs, { signal: abortedOnClose(res) }), this.backlog.depth()]);
    } catch (error) {
      // The client left: the count stopped, and nobody is there for an answer.
      if (error instanceof ReadAbortedError) {
        res.destroy();
        return;
      }
      throw error;
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket_ms: bucketMs,
      buckets: stats.buckets.map(({ start, total, byLevel }) => ({ start: start.toISOString(), total, by_level: byLevel })),
      by_level: stats.byLevel,
      by_service: stats.byService,
      top_redaction_rules: stats.topRedactionRules,
      queue,
      records: stats.records,
      truncated: stats.truncated,
    };
  }

  private bucketWidth(value: unknown, span: number): number {
    if (value === undefined) return AUTO_BUCKETS_MS.find((width) => span / width <= 120) ?? AUTO_BUCKETS_MS.at(-1)!;
    const width = typeof value === 'string' ? parseDuration(value) : null;
    if (!width) throw new BadRequestException('"bucket" must be a duration such as 1m, 5m or 1h');
    return width;
  }
}
