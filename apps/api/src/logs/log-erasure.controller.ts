// Erasing logs (a user's, a service's, a time range's): admin only, answered with a task id at
// once; the erasure runs in the background and its status reports the count.
import { ApiKeyScope, RequiresScope } from '@app/auth';
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErasureRequestError, LogErasureService, parseLogQuery, QueryError } from '@app/search';
import { ErrorResponseDto } from '../http/error-response.dto';
import { quoteInput } from '../http/quoted-input';

const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@ApiTags('logs')
@RequiresScope(ApiKeyScope.Admin)
@Controller('logs/erase')
export class LogErasureController {
  constructor(private readonly erasures: LogErasureService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Erase logs',
    description:
      'Deletes every stored log matching the filter (the search filters `service`, `attr.<path>`, `from`, `to`; a service or an attribute is required). ' +
      'Answers with a task id at once; GET /logs/erase/{task_id} reports the count. Erased logs disappear from search, tail resume and stats. ' +
      'Every copy of a matching log accepted before it started goes: pending ones are dropped by the workers before they are stored (the erasure waits for them), ' +
      'processed ones are removed from their chunks, failed (sealed) ones are opened by a worker and removed. The result counts each kind.',
  })
  @ApiBody({
    schema: { type: 'object', additionalProperties: { type: 'string' }, example: { 'attr.user': 'u-42', from: '30d' } },
    description: 'Filters as strings, as GET /logs takes them.',
  })
  @ApiAcceptedResponse({ schema: { type: 'object', properties: { task_id: { type: 'string' } }, required: ['task_id'] } })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async erase(@Body() body: Record<string, unknown> | undefined): Promise<{ task_id: string }> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('Send a JSON object of filters, e.g. {"attr.user": "u-42"}');
    try {
      return { task_id: await this.erasures.start(parseLogQuery(body)) };
    } catch (error) {
      if (error instanceof QueryError || error instanceof ErasureRequestError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Get(':task_id')
  @ApiOperation({ summary: 'Status of an erasure', description: 'RUNNING (with `progress`: what it waits for), then SUCCESS with the logs erased by kind (or FAILURE: run it again; erasing twice is harmless).' })
  @ApiOkResponse({ schema: { type: 'object', properties: { task_id: { type: 'string' }, status: { type: 'string', enum: ['RUNNING', 'SUCCESS', 'FAILURE'] }, result: { type: 'object', nullable: true } } } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async status(@Param('task_id') taskId: string) {
    const found = TASK_ID.test(taskId) ? await this.erasures.find(taskId) : undefined;
    if (!found) throw new NotFoundException(`No erasure with id ${quoteInput(taskId)}`);
    return found;
  }
}
