// Runs the pending-record reconciler on a timer in every worker. Several workers reconciling
// at once is harmless: a job id is only ever added once.
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { PendingReconcilerService } from '@app/processing';

@Injectable()
export class ReconcileScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduleService.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly reconciler: PendingReconcilerService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), loadEnv().RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.reconciler.reconcile();
    } catch (error) {
      // Redis or MongoDB away: try again next tick.
      this.logger.warn(`reconcile skipped: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
