// Route metadata read by ApiKeyGuard. Every route says what it needs; one that says nothing
// needs admin, so a forgotten decorator fails closed.
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyScope } from './api-key-scope';

export const REQUIRED_SCOPE = 'logsieve:required-scope';
export const PUBLIC_ROUTE = 'logsieve:public-route';

/** The route needs a key of this scope (admin keys pass every scope). */
export const RequiresScope = (scope: ApiKeyScope) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiSecurity('api-key'),
    ApiSecurity('bearer'),
    ApiSecurity('basic'),
    ApiUnauthorizedResponse({ description: 'No API key, or one that is unknown or revoked.', schema: { $ref: '#/components/schemas/ErrorResponseDto' } }),
    ApiForbiddenResponse({ description: `The key's scope does not include \`${scope}\`.`, schema: { $ref: '#/components/schemas/ErrorResponseDto' } }),
    ApiTooManyRequestsResponse({ description: 'Over the rate limit of this key; retry after Retry-After seconds.', schema: { $ref: '#/components/schemas/ErrorResponseDto' } }),
  );

/** The route needs no key (health, the dashboard's static files). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
