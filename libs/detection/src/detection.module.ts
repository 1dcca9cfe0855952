import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { AlertDeliveryDoc, AlertDeliverySchema, AlertDoc, AlertSchema, DetectionRuleDoc, DetectionRuleSchema } from './alert.schema';
import { AlertService } from './alert.service';
import { DetectionRulesService } from './detection-rules.service';
import { DetectionService } from './detection.service';
import { WebhookDeliveryService } from './webhook-delivery.service';

@Module({
  imports: [
    DatabaseModule,
    QueuesModule,
    MongooseModule.forFeature([
      { name: AlertDoc.name, schema: AlertSchema },
      { name: AlertDeliveryDoc.name, schema: AlertDeliverySchema },
      { name: DetectionRuleDoc.name, schema: DetectionRuleSchema },
    ]),
  ],
  providers: [DetectionRulesService, AlertService, DetectionService, WebhookDeliveryService],
  exports: [DetectionRulesService, AlertService, DetectionService, WebhookDeliveryService],
})
export class DetectionModule {}
