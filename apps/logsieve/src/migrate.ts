// `npm run migrate:chunks`: rewrites a store of the hourly layout into chunks, printing each
// hour as it goes (with the rate and what is left). Safe to run again after a stop.
import { NestFactory } from '@nestjs/core';
import { loadEnv } from '@app/config';
import { HourlyLayoutMigration, LogsModule } from '@app/logs';
import { appLogger } from '@app/observability';


async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(LogsModule, { logger: appLogger(loadEnv()) });
  const migration = app.get(HourlyLayoutMigration);
  const started = Date.now();
  const left = await migration.remaining();
  process.stderr.write(`hourly layout: ${left.processed.length} hour(s) of processed logs, ${left.results.length} of task results, ${left.pending.length} of pending/failed records to rewrite\n`);
  const done = await migration.run(({ hour, hoursDone, hoursTotal, records }) => {
    const seconds = (Date.now() - started) / 1000;
    const eta = (seconds / hoursDone) * (hoursTotal - hoursDone);
    process.stderr.write(`  [${String(Math.round((100 * hoursDone) / hoursTotal)).padStart(3)}%] ${hour}: ${hoursDone}/${hoursTotal} hours, ${records.toLocaleString()} logs, ${Math.round(records / Math.max(seconds, 0.001)).toLocaleString()} logs/s, about ${Math.round(eta)} s left\n`);
  });
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${done.records.toLocaleString()} processed logs, ${done.results.toLocaleString()} task results, ${done.failed.toLocaleString()} failed logs\n`);
  await app.close();
}

main().catch((error: Error) => {
  process.stderr.write(`migration stopped: ${error.message}\n`);
  process.exit(1);
});
