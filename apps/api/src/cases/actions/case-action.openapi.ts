/**
 * The OpenAPI side of the registered case actions: each body's schema (from the action's input schema, the same
 * object that validates it) and the response of actions that answer more than CaseActionResponse.
 */
import { getSchemaPath } from '@nestjs/swagger';
import { CASE_ACTION_MODULES, inputJsonSchema } from '@shenbao/domain';
import type { AnyCaseAction, JsonSchema } from '@shenbao/domain';
import { STAGES } from '@shenbao/workflows';
import { CaseActionResponse } from '../http/case-action.response';

export const actionBodySchema = (action: AnyCaseAction): JsonSchema => inputJsonSchema(action.input).body;

export const actionResponseSchema = (action: AnyCaseAction): JsonSchema =>
  ({ $ref: action.route.response ? `#/components/schemas/${action.route.response.name}` : getSchemaPath(CaseActionResponse) });

function responseComponent(fields: Readonly<Record<string, 'uuid'>>): JsonSchema {
  const own = Object.fromEntries(Object.keys(fields).map((name) => [name, { type: 'string', format: 'uuid' }]));
  return {
    type: 'object',
    properties: {
      ...own,
      caseId: { type: 'string', format: 'uuid' },
      revision: { type: 'number', description: 'The case revision after the action; send it back as If-Match' },
      position: { type: 'number', description: 'Global position of the last event appended; reads accept ?minPosition=' },
      stage: { type: 'string', enum: [...STAGES] },
    },
    required: [...Object.keys(own), 'caseId', 'revision', 'position', 'stage'],
  };
}

/** Every component the actions' bodies and responses refer to, for the document's `components.schemas`. */
export function caseActionComponents(): Record<string, JsonSchema> {
  const components: Record<string, JsonSchema> = {};
  for (const action of CASE_ACTION_MODULES as readonly AnyCaseAction[]) {
    Object.assign(components, inputJsonSchema(action.input).components);
    const { response } = action.route;
    if (response) components[response.name] = responseComponent(response.fields);
  }
  return components;
}
