import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@app/logs';
import { RedactionRuleDoc, RedactionRuleSchema, RulesetDoc, RulesetSchema } from './redaction-rule.schema';
import { RedactionRuleRepository } from './redaction-rule.repository';
import { RedactionRulesService } from './redaction-rules.service';
import { RulesChangeNotifier } from './rules-change.notifier';
import { RulesetService } from './ruleset.service';

@Module({
  imports: [
    DatabaseModule,
    MongooseModule.forFeature([
      { name: RedactionRuleDoc.name, schema: RedactionRuleSchema },
      { name: RulesetDoc.name, schema: RulesetSchema },
    ]),
  ],
  providers: [RedactionRuleRepository, RulesChangeNotifier, RulesetService, RedactionRulesService],
  exports: [RulesetService, RedactionRulesService],
})
export class RulesModule {}
