import { ApiKeyScope, RequiresScope } from '@app/auth';
import { BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { normaliseSeed, RecordError } from '@app/ingest';
import { seedLogData } from '@app/logs';
import { RuleDefinitionError } from '@app/redaction';
import { RedactionRulesService, RuleChangeError, RuleConflictError, RuleNotFoundError, RulesetService } from '@app/rules';
import { ErrorResponseDto } from '../http/error-response.dto';
import { PreviewRequestDto, PreviewResponseDto } from './dto/preview.dto';
import { CreateRedactionRuleDto, RedactionRuleDto, RedactionRuleListDto, UpdateRedactionRuleDto } from './dto/redaction-rule.dto';

/** Domain errors of rule changes, as HTTP errors. */
function toHttpError(error: unknown): unknown {
  if (error instanceof RuleNotFoundError) return new NotFoundException(error.message);
  // Built-in rules refusing a change conflict with what they are, as a duplicate id does.
  if (error instanceof RuleConflictError || error instanceof RuleChangeError) return new ConflictException(error.message);
  if (error instanceof RuleDefinitionError) return new BadRequestException(error.message);
  return error;
}

async function mapped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toHttpError(error);
  }
}

@ApiTags('redaction')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid JSON or a field that fails validation; a pattern RE2 refuses.' })
@ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Body is not application/json.' })
@RequiresScope(ApiKeyScope.Admin)
@Controller('redaction')
export class RedactionController {
  constructor(
    private readonly rules: RedactionRulesService,
    private readonly ruleset: RulesetService,
  ) {}

  @Get('rules')
  @RequiresScope(ApiKeyScope.Read)
  @ApiOperation({ summary: 'List redaction rules', description: 'Built-in rules (with any changes) and custom rules, with the ruleset version.' })
  @ApiOkResponse({ type: RedactionRuleListDto })
  list() {
    return this.rules.list();
  }

  @Get('rules/:id')
  @RequiresScope(ApiKeyScope.Read)
  @ApiOperation({ summary: 'Read a redaction rule' })
  @ApiOkResponse({ type: RedactionRuleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string) {
    return mapped(this.rules.get(id));
  }

  @Post('rules')
  @ApiOperation({
    summary: 'Create a custom redaction rule',
    description: 'A regex (RE2: linear time, so it can never hang a worker) or a list of field names. Workers apply it within seconds.',
  })
  @ApiCreatedResponse({ type: RedactionRuleDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The id is taken, or names a built-in rule.' })
  create(@Body() body: CreateRedactionRuleDto) {
    return mapped(this.rules.create({ ...body, enabled: body.enabled ?? true }));
  }

  @Patch('rules/:id')
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A built-in rule changes only its action, enabled, allow and scope.' })
  @ApiOperation({ summary: 'Change a redaction rule', description: 'Built-in rules accept action, enabled, allow and scope.' })
  @ApiOkResponse({ type: RedactionRuleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@Param('id') id: string, @Body() body: UpdateRedactionRuleDto) {
    return mapped(this.rules.update(id, body ?? {}));
  }

  @Delete('rules/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom redaction rule', description: 'Built-in rules cannot be deleted; disable them instead.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Built-in rules cannot be deleted; disable them instead.' })
  async remove(@Param('id') id: string): Promise<void> {
    await mapped(this.rules.remove(id));
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Try the current rules on a sample',
    description:
      'Redacts the sample as a stored log_data would be; stores nothing. Admin scope: it computes pseudonyms of any input, ' +
      'though under a key of its own, so they never match those in stored records.',
  })
  @ApiOkResponse({ type: PreviewResponseDto })
  async preview(@Body() body: PreviewRequestDto): Promise<PreviewResponseDto> {
    const { previewRedactor, version } = await this.ruleset.current();
    let content;
    try {
      content = normaliseSeed(body.sample).content;
    } catch (error) {
      throw error instanceof RecordError ? new BadRequestException(error.message.replace('log_data', 'sample')) : error;
    }
    // The sample is stored the way a log_data would be, so paths match what logs get.
    const { value, findings } = await previewRedactor.redactAsync(content);
    return { result: seedLogData(value), findings, ruleset_version: version };
  }
}
