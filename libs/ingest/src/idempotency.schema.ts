import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A seen Idempotency-Key (hashed) and the response its first request got. */
@Schema({ collection: 'idempotency_keys', versionKey: false })
export class IdempotencyKeyDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, enum: ['pending', 'done'] }) state!: 'pending' | 'done';
  @Prop({ type: MongooseSchema.Types.Mixed }) response?: { status: number; body: unknown };
  @Prop({ required: true }) createdAt!: Date;
}

export const IdempotencyKeySchema = SchemaFactory.createForClass(IdempotencyKeyDoc);
