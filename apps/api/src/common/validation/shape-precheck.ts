/**
 * What the validation pipe checks before class-transformer turns a body into its DTO. class-transformer copies
 * every item of every list before class-validator looks at any, so a list over its `@ArrayMaxSize` must be refused
 * first, by its length alone; and `@ValidateNested` takes an array for a list of the nested object, null for
 * "absent" and passes over a missing object, so an object-typed field given an array or left out, or any field
 * given null, is refused here by name.
 *
 * The rules are read from the DTO's own decorators (class-validator's and class-transformer's metadata), so every
 * DTO gets them without repeating anything. A field with `@ValidateIf` decides for itself what null means.
 */
import { ARRAY_MAX_SIZE, getMetadataStorage, IS_OPTIONAL, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import { fieldPath, isPlainObject } from '@shenbao/domain';
import type { FieldError } from '@shenbao/domain';

// The singleton class-transformer registers @Type in; its package exports no typed path to it.
const transformerStorage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage }).defaultMetadataStorage;

interface PropertyRule {
  maxSize?: number;
  /** `@ValidateNested`: an object, or with `each` a list of objects, of `type`. */
  nested?: { each: boolean; type?: () => unknown };
  /** `@IsOptional` or `@ValidateIf`: the field may be left out. */
  optional: boolean;
  /** `@ValidateIf`: the field decides what null means. */
  nullable: boolean;
}

const rulesByClass = new Map<Function, Map<string, PropertyRule>>();

/** The problems of `value` against the shape of `metatype`; [] when class-validator may take it from here. */
export function precheckShape(metatype: Function, value: unknown): FieldError[] {
  if (!isPlainObject(value)) return [{ field: 'body', messages: ['must be a JSON object'] }];
  const errors: FieldError[] = [];
  checkObject(metatype, value, '', errors);
  return errors;
}

function checkObject(metatype: Function, object: Record<string, unknown>, path: string, errors: FieldError[]): void {
  for (const [property, rule] of rulesOf(metatype)) {
    const value = Object.hasOwn(object, property) ? object[property] : undefined;
    const field = fieldPath(path, property);
    if (value === undefined) {
      // class-validator passes over a missing @ValidateNested object; the handler would not.
      if (rule.nested && !rule.nested.each && !rule.optional) errors.push({ field, messages: ['is required'] });
      continue;
    }
    if (value === null) {
      if (!rule.nullable) errors.push({ field, messages: ['must not be null (leave the field out instead)'] });
      continue;
    }
    if (rule.maxSize !== undefined && Array.isArray(value) && value.length > rule.maxSize) {
      errors.push({ field, messages: [`must have at most ${rule.maxSize} items (has ${value.length})`] });
      continue;
    }
    if (rule.nested) checkNested(rule.nested, value, field, errors);
  }
}

function checkNested(nested: NonNullable<PropertyRule['nested']>, value: unknown, field: string, errors: FieldError[]): void {
  const type = nested.type?.();
  if (!nested.each) {
    if (!isPlainObject(value)) errors.push({ field, messages: ['must be an object'] });
    else if (typeof type === 'function') checkObject(type, value, field, errors);
    return;
  }
  // Not a list at all: @IsArray says so.
  if (!Array.isArray(value)) return;
  value.forEach((item, i) => {
    if (!isPlainObject(item)) errors.push({ field: fieldPath(field, i), messages: ['must be an object'] });
    else if (typeof type === 'function') checkObject(type, item, fieldPath(field, i), errors);
  });
}

function rulesOf(metatype: Function): Map<string, PropertyRule> {
  let rules = rulesByClass.get(metatype);
  if (!rules) {
    rules = readRules(metatype);
    rulesByClass.set(metatype, rules);
  }
  return rules;
}

function readRules(metatype: Function): Map<string, PropertyRule> {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadatas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const rules = new Map<string, PropertyRule>();
  for (const [property, list] of byProperty) {
    const conditional = list.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
    const rule: PropertyRule = { optional: conditional.length > 0, nullable: conditional.some((m) => m.name !== IS_OPTIONAL) };
    for (const m of list) {
      if (m.name === ARRAY_MAX_SIZE && typeof m.constraints?.[0] === 'number') rule.maxSize = m.constraints[0] as number;
      if (m.type === ValidationTypes.NESTED_VALIDATION) {
        rule.nested = { each: m.each === true, type: transformerStorage.findTypeMetadata(metatype, property)?.typeFunction as (() => unknown) | undefined };
      }
    }
    rules.set(property, rule);
  }
  return rules;
}
