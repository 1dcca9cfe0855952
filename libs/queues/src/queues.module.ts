// Registers every queue of QueueName with the shared BullMQ options.
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { QueueName } from './queue-names';
import { defaultJobOptions, producerConnection } from './queue-options';
import { QueueBacklogService } from './queue-backlog.service';
import { RedactLogsProducer } from './redact-logs.producer';
import { RedisEvictionCheck } from './redis-eviction-check';

const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));

@Module({
  imports: [
    BullModule.forRootAsync({
      useFactory: () => {
        const env = loadEnv();
        return { connection: producerConnection(env), prefix: env.QUEUE_PREFIX, defaultJobOptions: defaultJobOptions(env) };
      },
    }),
    ...queues,
  ],
  providers: [RedactLogsProducer, QueueBacklogService, RedisEvictionCheck],
  exports: [...queues, RedactLogsProducer, QueueBacklogService],
})
export class QueuesModule {}
