import { BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyScope, RequiresScope, type RequestWithPrincipal } from '@app/auth';
import { DetectionRuleConflictError, DetectionRuleError, DetectionRuleNotFoundError, DetectionRulesService, targetShownToNonAdmin, type DetectionRuleDefinition } from '@app/detection';
import { ErrorResponseDto } from '../http/error-response.dto';
import { CreateDetectionRuleDto, DetectionRuleDto, UpdateDetectionRuleDto } from './dto/detection-rule.dto';

async function mapped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DetectionRuleNotFoundError) throw new NotFoundException(error.message);
    if (error instanceof DetectionRuleConflictError) throw new ConflictException(error.message);
    if (error instanceof DetectionRuleError) throw new BadRequestException(error.message);
    throw error;
  }
}

@ApiTags('detection')
@RequiresScope(ApiKeyScope.Admin)
@Controller('detection/rules')
export class DetectionRulesController {
  constructor(private readonly rules: DetectionRulesService) {}

  @Get()
  @RequiresScope(ApiKeyScope.Read)
  @ApiOperation({
    summary: 'List detection rules',
    description: 'Built-in rules (brute force, password spraying, transaction volume) with any changes, and custom rules. Keys below admin see each target\'s origin only.',
  })
  @ApiOkResponse({ type: [DetectionRuleDto] })
  async list(@Req() req: RequestWithPrincipal) {
    return (await this.rules.list()).map((rule) => shownTo(req, rule));
  }

  @Get(':id')
  @RequiresScope(ApiKeyScope.Read)
  @ApiOperation({ summary: 'Read a detection rule', description: 'Keys below admin see each target\'s origin only.' })
  @ApiOkResponse({ type: DetectionRuleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id') id: string, @Req() req: RequestWithPrincipal) {
    return shownTo(req, await mapped(this.rules.get(id)));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a detection rule',
    description: 'Records matching every condition are grouped by up to 3 fields; when count, distinct(field) or sum(field) over the sliding window crosses the threshold, an alert is raised (once per group per suppression period) and sent to the targets. Workers apply it on their next job.',
  })
  @ApiCreatedResponse({ type: DetectionRuleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A field that fails validation, a pattern RE2 refuses, or a private target.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A rule with this id exists.' })
  create(@Body() body: CreateDetectionRuleDto) {
    return mapped(this.rules.create({ ...body, enabled: body.enabled ?? true, targets: body.targets ?? [] } as Omit<DetectionRuleDefinition, 'builtin'>));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a detection rule', description: 'Any field but id; built-in rules too.' })
  @ApiOkResponse({ type: DetectionRuleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@Param('id') id: string, @Body() body: UpdateDetectionRuleDto) {
    return mapped(this.rules.update(id, body as Partial<DetectionRuleDefinition>));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom detection rule' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Built-in rules cannot be deleted; disable them instead.' })
  async remove(@Param('id') id: string): Promise<void> {
    await mapped(this.rules.remove(id));
  }
}

/** Target URLs often embed the receiver's secret: only admin keys see them whole. */
function shownTo(req: RequestWithPrincipal, rule: DetectionRuleDefinition): DetectionRuleDefinition {
  return req.principal?.scope === ApiKeyScope.Admin ? rule : { ...rule, targets: rule.targets.map(targetShownToNonAdmin) };
}
