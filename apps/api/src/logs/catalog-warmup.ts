// At start, the api reads the last week's chunk catalogs in the background: the first
// dashboard load and 7-day /stats then find them in memory instead of reading 168 hours cold.
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ChunkCatalog } from '@app/logs';

const WARM_HOURS = 7 * 24;

@Injectable()
export class CatalogWarmup implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogWarmup.name);

  constructor(private readonly catalog: ChunkCatalog) {}

  onApplicationBootstrap(): void {
    const started = Date.now();
    this.catalog.warm(new Date(started - WARM_HOURS * 3_600_000)).then(
      () => this.logger.log(`chunk catalogs of the last ${WARM_HOURS} hours read in ${Date.now() - started} ms`),
      (error: Error) => this.logger.warn(`chunk catalogs not warmed: ${error.name}; searches read them as they go`),
    );
  }
}
