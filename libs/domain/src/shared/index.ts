export * from './actor';
export * from './decider';
export * from './ids';
export { validateInput, type FieldSchema, type ObjectSchema } from './input-schema';
export { inputJsonSchema, type JsonSchema } from './input-schema.openapi';
