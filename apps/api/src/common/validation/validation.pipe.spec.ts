import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { DomainError } from '@shenbao/domain';
import { createValidationPipe, flattenValidationErrors } from './validation.pipe';

class Head {
  @IsString() name!: string;
  @Matches(/^1[3-9]\d{9}$/) mobile!: string;
}
class Cover {
  @ValidateNested() @Type(() => Head) head!: Head;
}
class Project {
  @MaxLength(5) content!: string;
  @IsInt() @Min(0) seq!: number;
}
class Form {
  @ValidateNested() @Type(() => Cover) cover!: Cover;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Project) keyProjects!: Project[];
}

async function failure(value: unknown): Promise<DomainError> {
  const pipe = createValidationPipe();
  const result = await pipe.transform(value, { type: 'body', metatype: Form }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(DomainError);
  return result as DomainError;
}

describe('validation pipe', () => {
  const valid = { cover: { head: { name: 'x', mobile: '13800138000' } }, keyProjects: [{ content: 'ok', seq: 1 }] };

  it('passes a valid body through as a DTO instance', async () => {
    const out = await createValidationPipe().transform(valid, { type: 'body', metatype: Form });
    expect(out).toBeInstanceOf(Form);
  });

  it('takes a request without a body as an empty object: fine for an empty DTO, the missing fields named otherwise', async () => {
    class Empty {}
    await expect(createValidationPipe().transform(undefined, { type: 'body', metatype: Empty })).resolves.toBeInstanceOf(Empty);
    const e = await failure(undefined);
    expect(e.details).toEqual([{ field: 'cover', messages: ['is required'] }]);
  });

  it('names nested fields by dotted path with array indexes', async () => {
    const e = await failure({
      cover: { head: { name: 'x', mobile: '123' } },
      keyProjects: [{ content: 'ok', seq: 1 }, { content: 'ok', seq: 2 }, { content: 'far too long', seq: -1 }],
    });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details).toEqual([
      { field: 'cover.head.mobile', messages: [expect.any(String)] },
      { field: 'keyProjects[2].content', messages: [expect.any(String)] },
      { field: 'keyProjects[2].seq', messages: [expect.any(String)] },
    ]);
  });

  it('flattens a very long list of nested errors without overflowing the stack', () => {
    const children = Array.from({ length: 300_000 }, (_, i) => ({ property: String(i), constraints: { isString: 'must be a string' }, children: [] }));
    const fields = flattenValidationErrors([{ property: 'keyProjects', children }]);
    expect(fields).toHaveLength(300_000);
    expect(fields[299_999]).toEqual({ field: 'keyProjects[299999]', messages: ['must be a string'] });
  });

  it('rejects unknown fields, also nested ones', async () => {
    const e = await failure({ ...valid, extra: 1, cover: { head: { ...valid.cover.head, nick: 'n' } } });
    expect(e.details).toEqual(
      expect.arrayContaining([
        { field: 'extra', messages: ['property extra should not exist'] },
        { field: 'cover.head.nick', messages: ['property nick should not exist'] },
      ]),
    );
  });

  it('does not convert types implicitly', async () => {
    const e = await failure({ ...valid, keyProjects: [{ content: 'ok', seq: '1' }] });
    expect(e.details).toEqual([{ field: 'keyProjects[0].seq', messages: expect.any(Array) }]);
  });
});
