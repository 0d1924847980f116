export * from './actor';
export * from './decider';
export * from './ids';
export { validateInput, type DocumentSchema, type FieldSchema, type InputSchema, type ObjectSchema } from './input-schema';
export { inputJsonSchema, type JsonSchema } from './input-schema.openapi';
