import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, Length } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '@app/auth';

export class CreateApiKeyDto {
  /** Who or what the key is for. */
  @ApiProperty({ example: 'checkout-service', minLength: 1, maxLength: 100 })
  @IsString() @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, example: ApiKeyScope.Ingest, description: 'ingest: send logs; read: search, tail, status, alerts (look only); triage: read, plus acknowledging and resolving alerts; admin: everything, including rules, keys and webhook target URLs.' })
  @IsEnum(ApiKeyScope)
  scope!: ApiKeyScope;
}

export class ApiKeyDto {
  @ApiProperty({ example: '3f9a0c2d41b7e855', description: 'The key id (the part after `lsk_`); not a secret.' })
  id!: string;

  @ApiProperty({ example: 'checkout-service' })
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES })
  scope!: ApiKeyScope;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  revokedAt?: Date;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'lsk_3f9a0c2d41b7e855_…', description: 'The key. Shown this once; only its hash is stored.' })
  key!: string;
}
