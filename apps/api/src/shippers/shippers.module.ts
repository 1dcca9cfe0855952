// The protocols log shippers already speak (Loki, Elasticsearch bulk, Splunk HEC, GELF over
// HTTP), so agents and Docker's log drivers send here with no plugin. Each parses its body in
// libs/ingest/src/protocols and stores through the same ingest path as POST /logs.
import { ApiKeyScope } from '@app/auth';
import { IngestModule } from '@app/ingest';
import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RawBodyMiddleware } from '../http/raw-body.middleware';
import { ElasticsearchController } from './elasticsearch.controller';
import { GelfController } from './gelf.controller';
import { LokiController } from './loki.controller';
import { SplunkHecController } from './splunk-hec.controller';

@Module({
  imports: [IngestModule],
  controllers: [LokiController, SplunkHecController, GelfController, ElasticsearchController],
})
export class ShippersApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const hec = ['services/collector', 'services/collector/event', 'services/collector/event/1.0', 'services/collector/raw', 'services/collector/raw/1.0'];
    consumer
      .apply(RawBodyMiddleware.requiring(ApiKeyScope.Ingest))
      .forRoutes(
        { path: 'loki/api/v1/push', method: RequestMethod.POST },
        ...hec.map((path) => ({ path, method: RequestMethod.POST })),
        ...['_bulk', ':index/_bulk'].flatMap((path) => [RequestMethod.POST, RequestMethod.PUT].map((method) => ({ path, method }))),
      );
    consumer.apply(RawBodyMiddleware.requiring(ApiKeyScope.Ingest, { compressionFromBytes: true })).forRoutes({ path: 'gelf', method: RequestMethod.POST });
  }
}
