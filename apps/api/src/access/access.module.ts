// Who may call what, and how often: every api route passes ApiKeyGuard (authentication and
// scope), then RateLimitGuard, keyed on the API key and limited by the scope the route needs.
import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard, AuthModule, RateLimitGuard } from '@app/auth';
import { JsonBodyMiddleware } from '../http/json-body.middleware';
import { RawBodyMiddleware } from '../http/raw-body.middleware';
import { ApiKeysController } from './api-keys.controller';

@Module({
  imports: [AuthModule],
  controllers: [ApiKeysController],
  providers: [
    // Guards run in this order: authenticate first, so the limiter knows the key.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AccessModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RawBodyMiddleware, JsonBodyMiddleware).forRoutes({ path: 'admin/keys', method: RequestMethod.POST });
  }
}
