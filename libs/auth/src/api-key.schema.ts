// Stored API keys: the secret's hash, never the secret.
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { API_KEY_SCOPES, ApiKeyScope } from './api-key-scope';

@Schema({ collection: 'api_keys', versionKey: false })
export class ApiKeyDoc {
  /** The id part of the key (16 hex digits). */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: String, required: true, enum: API_KEY_SCOPES }) scope!: ApiKeyScope;
  @Prop({ required: true }) secretHash!: string;
  @Prop({ required: true }) createdAt!: Date;
  @Prop() revokedAt?: Date;
}

export const ApiKeySchema = SchemaFactory.createForClass(ApiKeyDoc);
