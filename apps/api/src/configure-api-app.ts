// What the api's HTTP app needs beyond its modules: error shape and OpenAPI docs.
// Shared by main and the e2e tests, so tests exercise exactly what runs.
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Env } from '@app/config';
import { HttpErrorFilter } from './http/http-error.filter';

export function configureApiApp(app: INestApplication, env: Env): void {
  app.useGlobalFilters(new HttpErrorFilter(env.RETRY_AFTER_SECONDS));
  // Unknown fields are refused rather than dropped, so a typo never passes silently.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const config = new DocumentBuilder()
    .setTitle('logsieve')
    .setDescription(
      'Real-time log processing: logs are stored durably, redacted by workers before anyone can read them, ' +
        'and their processing status reported. Every error is JSON: `{statusCode, error, message}`.',
    )
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
