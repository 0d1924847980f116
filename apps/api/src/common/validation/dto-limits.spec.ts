/**
 * Every list a DTO accepts has a maximum (`@ArrayMaxSize`, which the validation pipe checks before transforming the
 * body) and OpenAPI states it (`maxItems`), so a new DTO cannot take an unbounded list unnoticed. (The case actions'
 * bodies are not DTOs: their schemas' `list(items, maxItems)` cannot be written without a maximum.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARRAY_MAX_SIZE, getMetadataStorage } from 'class-validator';

const SRC = join(__dirname, '../..');
/** Where @ApiProperty keeps its options (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? dtoFiles(join(dir, e.name)) : e.name.endsWith('.dto.ts') ? [join(dir, e.name)] : [],
  );
}

interface Metadata {
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

describe('DTO list limits', () => {
  const files = dtoFiles(SRC);
  for (const file of files) require(file);
  const byClass = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Metadata[]> }).validationMetadatas;
  const lists = [...byClass].flatMap(([type, metas]) =>
    metas.filter((m) => m.name === 'isArray').map((m) => ({ type, property: m.propertyName, metas: metas.filter((o) => o.propertyName === m.propertyName) })),
  );

  it('finds the DTOs and their lists', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(lists.map((l) => `${l.type.name}.${l.property}`)).toEqual(expect.arrayContaining(['CreateCaseDto.partners', 'CreateProgramDto.regions']));
  });

  it('gives every list an @ArrayMaxSize, and OpenAPI the same maxItems', () => {
    const unbounded = lists.flatMap(({ type, property, metas }) => {
      const max = metas.find((m) => m.name === ARRAY_MAX_SIZE)?.constraints?.[0];
      const documented = (Reflect.getMetadata(API_MODEL_PROPERTIES, type.prototype, property) as { maxItems?: number } | undefined)?.maxItems;
      return typeof max === 'number' && documented === max ? [] : [`${type.name}.${property}: @ArrayMaxSize ${String(max)}, maxItems ${String(documented)}`];
    });
    expect(unbounded).toEqual([]);
  });
});
