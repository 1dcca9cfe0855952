// What the api's HTTP app needs beyond its modules: error shape and OpenAPI docs.
// Shared by main and the e2e tests, so tests exercise exactly what runs.
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Env } from '@app/config';
import helmet from 'helmet';
import express from 'express';
import { join } from 'node:path';
import { httpMetrics, requestId } from '@app/observability';
import { HttpErrorFilter } from './http/http-error.filter';
import { methodAllowList } from './http/method-allow-list.middleware';

export function configureApiApp(app: INestApplication, env: Env): void {
  // Client addresses: the socket's, unless TRUST_PROXY names the proxies to believe.
  (app.getHttpAdapter().getInstance() as express.Application).set('trust proxy', trustProxy(env.TRUST_PROXY));
  app.use(requestId);
  app.use(httpMetrics);
  // Swagger UI needs inline styles and data: images; scripts stay same-origin only.
  app.use(helmet({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } } }));
  // The dashboard's static files (built to dist/dashboard); it asks for an API key itself.
  // `/` is also Elasticsearch's identity for the clients that read it first: browsers (Accept: text/html) get the dashboard.
  const dashboard = express.static(process.env.DASHBOARD_DIR ?? join(process.cwd(), 'dist/dashboard'), { index: 'index.html', maxAge: '5m' });
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => (req.path === '/' && !req.headers.accept?.includes('text/html') ? next() : dashboard(req, res, next)));
  const origins = corsOrigins(env);
  if (origins.length > 0) app.enableCors({ origin: origins, allowedHeaders: ['Content-Type', 'Content-Encoding', 'X-API-Key', 'Authorization', 'Idempotency-Key', 'Last-Event-ID', 'X-Logsieve-Strict', 'X-Request-Id'], exposedHeaders: ['X-Request-Id'], maxAge: 600 });
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
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key with the scope the operation needs.' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The same key as a Bearer token.' }, 'bearer')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'The same key as the Basic auth password (any user name), for shippers that only speak Basic.' }, 'basic')
    .build();
  const document = withTransportErrors(closeRequestBodies(SwaggerModule.createDocument(app, config)));
  app.use(methodAllowList(document.paths));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** TRUST_PROXY as Express takes it: false, a hop count, or a list of addresses and CIDRs. */
export function trustProxy(value: string | undefined): boolean | number | string[] {
  if (!value || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

/** CORS_ORIGINS as a list; empty means no cross-origin access. */
function corsOrigins(env: Env): string[] {
  return (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
}

/**
 * Every JSON request body is validated with unknown fields refused (forbidNonWhitelisted), so
 * the documented schemas say so too: `additionalProperties: false`, which API clients and
 * fuzzers can rely on.
 */
/**
 * Answers Node's HTTP server gives before any route runs, on every operation: 431 when the
 * request line and headers pass its 16 KB limit (a search URL of thousands of characters).
 */
function withTransportErrors(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<{ responses?: Record<string, object> } | undefined>) {
      if (operation?.responses) operation.responses['431'] ??= { description: 'The request line and headers together pass the server\'s limit (16 KB): shorten the query.' };
    }
  }
  return document;
}

function closeRequestBodies(document: OpenAPIObject): OpenAPIObject {
  // (@nestjs/swagger does not export its OpenAPI object types, hence the narrow local ones.)
  type Operation = { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } };
  const schemas = (document.components?.schemas ?? {}) as Record<string, { properties?: object; additionalProperties?: boolean }>;
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Operation[]) {
      const ref = operation?.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? schemas[ref.split('/').pop()!] : undefined;
      if (schema?.properties) schema.additionalProperties = false;
    }
  }
  return document;
}
