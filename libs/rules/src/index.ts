export * from './pseudonym-key';
export * from './redaction-rule.repository';
export * from './redaction-rules.service';
export * from './rules-change.notifier';
export * from './rules.module';
export * from './ruleset.service';
