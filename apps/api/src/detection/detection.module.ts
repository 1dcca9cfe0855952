import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AlertFeedHub, DetectionModule } from '@app/detection';
import { JsonBodyMiddleware } from '../http/json-body.middleware';
import { ApiKeyScope } from '@app/auth';
import { RawBodyMiddleware } from '../http/raw-body.middleware';
import { AlertsController } from './alerts.controller';
import { DetectionRulesController } from './detection-rules.controller';

@Module({ imports: [DetectionModule], controllers: [DetectionRulesController, AlertsController], providers: [AlertFeedHub] })
export class DetectionApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RawBodyMiddleware, JsonBodyMiddleware)
      .forRoutes(
        { path: 'detection/rules', method: RequestMethod.POST },
        { path: 'detection/rules/:id', method: RequestMethod.PATCH },
      );
    consumer.apply(RawBodyMiddleware.requiring(ApiKeyScope.Triage), JsonBodyMiddleware).forRoutes({ path: 'alerts/:id', method: RequestMethod.PATCH });
  }
}
