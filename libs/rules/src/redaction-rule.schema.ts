// Stored redaction rules: custom rules, and overrides of built-in ones. The ruleset document
// carries the version every change increments; processed records note the version they used.
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

@Schema({ collection: 'redaction_rules', versionKey: false, timestamps: true })
export class RedactionRuleDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) builtin!: boolean;
  @Prop({ required: true, enum: ['pattern', 'field'] }) kind!: 'pattern' | 'field';
  @Prop({ required: true }) type!: string;
  @Prop() pattern?: string;
  @Prop() caseInsensitive?: boolean;
  @Prop({ type: [String], default: undefined }) fields?: string[];
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) action!: Record<string, unknown>;
  @Prop({ required: true }) enabled!: boolean;
  @Prop({ type: MongooseSchema.Types.Mixed }) allow?: Record<string, string[]>;
  @Prop({ type: [String], default: undefined }) scope?: string[];
  /** Incremented on every change of this rule. */
  @Prop({ required: true }) version!: number;
  createdAt?: Date;
  updatedAt?: Date;
}

export const RedactionRuleSchema = SchemaFactory.createForClass(RedactionRuleDoc);

@Schema({ collection: 'rulesets', versionKey: false })
export class RulesetDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) version!: number;
}

export const RulesetSchema = SchemaFactory.createForClass(RulesetDoc);
