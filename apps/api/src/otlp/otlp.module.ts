import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IngestModule } from '@app/ingest';
import { ApiKeyScope } from '@app/auth';
import { RawBodyMiddleware } from '../http/raw-body.middleware';
import { OtlpController } from './otlp.controller';

@Module({
  imports: [IngestModule],
  controllers: [OtlpController],
})
export class OtlpApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RawBodyMiddleware.requiring(ApiKeyScope.Ingest)).forRoutes({ path: 'v1/logs', method: RequestMethod.POST });
  }
}
