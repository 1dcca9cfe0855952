import { Body, Controller, Delete, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyScope, ApiKeyService, RequiresScope } from '@app/auth';
import { ErrorResponseDto } from '../http/error-response.dto';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('admin')
@RequiresScope(ApiKeyScope.Admin)
@Controller('admin/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key', description: 'The response carries the key once; store it now. logsieve keeps only its SHA-256.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(body.name, body.scope);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys', description: 'Ids, names, scopes and dates; never the keys. Keys from API_KEYS are not listed.' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(): Promise<ApiKeyDto[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key', description: 'Takes effect at once on this replica, within 5 s on others.' })
  @ApiParam({ name: 'id', example: '3f9a0c2d41b7e855' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async revoke(@Param('id') id: string): Promise<ApiKeyDto> {
    const revoked = await this.keys.revoke(id);
    if (!revoked) throw new NotFoundException("No API key with this id");
    return revoked;
  }
}
