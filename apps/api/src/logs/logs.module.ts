import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IngestModule } from '@app/ingest';
import { LogsModule as LogStoreModule } from '@app/logs';
import { JsonBodyMiddleware } from '../http/json-body.middleware';
import { ApiKeyScope } from '@app/auth';
import { RawBodyMiddleware } from '../http/raw-body.middleware';
import { SearchModule } from '@app/search';
import { CatalogWarmup } from './catalog-warmup';
import { LogErasureController } from './log-erasure.controller';
import { LogSearchController } from './log-search.controller';
import { LogsController } from './logs.controller';

@Module({
  imports: [IngestModule, LogStoreModule, SearchModule],
  // LogSearchController first: its /logs/stream must not be read as /logs/{log_id}.
  controllers: [LogSearchController, LogErasureController, LogsController],
  providers: [CatalogWarmup],
})
export class LogsApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RawBodyMiddleware.requiring(ApiKeyScope.Ingest)).forRoutes({ path: 'logs', method: RequestMethod.POST });
    consumer.apply(RawBodyMiddleware, JsonBodyMiddleware).forRoutes({ path: 'logs/reprocess', method: RequestMethod.POST }, { path: 'logs/erase', method: RequestMethod.POST });
  }
}
