import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A seen Idempotency-Key (hashed) and the response its first request got. */
@Schema({ collection: 'idempotency_keys', versionKey: false })
export class IdempotencyKeyDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, enum: ['pending', 'done'] }) state!: 'pending' | 'done';
  @Prop({ type: MongooseSchema.Types.Mixed }) response?: { status: number; body: unknown };
  /** sha256 of the request's content type and body: a key reused for another request is refused. */
  @Prop({ type: String }) fingerprint?: string;
  @Prop({ required: true }) createdAt!: Date;
  /** When the key may be forgotten: a TTL index on MongoDB, the sweep on FerretDB. */
  @Prop({ type: Date }) expiresAt?: Date;
}

export const IdempotencyKeySchema = SchemaFactory.createForClass(IdempotencyKeyDoc);
IdempotencyKeySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
