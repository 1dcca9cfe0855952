import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@app/logs';
import { ApiKeyDoc, ApiKeySchema } from './api-key.schema';
import { ApiKeyService } from './api-key.service';
import { RequestAuthenticator } from './request-authenticator';

// Global: RawBodyMiddleware, applied in several modules, authenticates before it reads a body.
@Global()
@Module({
  imports: [DatabaseModule, MongooseModule.forFeature([{ name: ApiKeyDoc.name, schema: ApiKeySchema }])],
  providers: [ApiKeyService, RequestAuthenticator],
  exports: [ApiKeyService, RequestAuthenticator],
})
export class AuthModule {}
