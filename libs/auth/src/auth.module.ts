import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@app/logs';
import { ApiKeyDoc, ApiKeySchema } from './api-key.schema';
import { ApiKeyService } from './api-key.service';

@Module({
  imports: [DatabaseModule, MongooseModule.forFeature([{ name: ApiKeyDoc.name, schema: ApiKeySchema }])],
  providers: [ApiKeyService],
  exports: [ApiKeyService],
})
export class AuthModule {}
