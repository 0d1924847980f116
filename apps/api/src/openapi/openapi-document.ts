/**
 * The OpenAPI document served at /api/docs (UI) and /api/docs-json, and copied into the repository as
 * docs/openapi.json (`npm run openapi`). Summaries and success bodies are declared on each route; the standard
 * error responses and the security of public routes are added here for every route at once (standard-errors.ts),
 * so a new endpoint gets them without anyone remembering to.
 */
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { workflowDefinitionJsonSchema } from '@shenbao/workflows';
import { caseActionComponents } from '../cases/actions/case-action.openapi';
import { MONITORING_SCHEMAS } from './monitoring-schemas';
import { READ_SCHEMAS } from './read-schemas';
import { INTEGRITY_SCHEMAS } from './integrity-schemas';
import type { Schema } from './schema-helpers';
import { addStandardErrors } from './standard-errors';

export const OPENAPI_FILE = 'docs/openapi.json';
export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Shenbao (申报) API')
      .setDescription('Event-sourced application-and-review workflow. Errors: {statusCode, error, message, details?}.')
      .setVersion('1')
      .addServer('/', 'This server (paths carry /api/v1)')
      .addBearerAuth()
      .build(),
  );
  const schemas = { ...caseActionComponents(), ...READ_SCHEMAS, ...MONITORING_SCHEMAS, ...INTEGRITY_SCHEMAS, WorkflowDefinitionInput: workflowDefinitionJsonSchema({ forPublishing: true }) as Schema };
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...schemas } };
  return addStandardErrors(doc);
}

export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), { jsonDocumentUrl: DOCS_JSON_PATH });
}

/** The served document as docs/openapi.json holds it: indented JSON with a final newline. */
export async function servedOpenApiText(app: INestApplication): Promise<string> {
  const res = await (app as NestFastifyApplication).getHttpAdapter().getInstance().inject({ method: 'GET', url: `/${DOCS_JSON_PATH}` });
  if (res.statusCode !== 200) throw new Error(`GET /${DOCS_JSON_PATH} answered ${res.statusCode}`);
  return `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
}
