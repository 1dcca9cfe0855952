import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RulesModule } from '@app/rules';
import { JsonBodyMiddleware } from '../http/json-body.middleware';
import { RawBodyMiddleware } from '../http/raw-body.middleware';
import { RedactionController } from './redaction.controller';

@Module({
  imports: [RulesModule],
  controllers: [RedactionController],
})
export class RedactionApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RawBodyMiddleware, JsonBodyMiddleware)
      .forRoutes(
        { path: 'redaction/rules', method: RequestMethod.POST },
        { path: 'redaction/rules/:id', method: RequestMethod.PATCH },
        { path: 'redaction/preview', method: RequestMethod.POST },
      );
  }
}
