import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { CreateCaseDto } from '../../cases/create-case/create-case.dto';
import { CreateProgramDto } from '../../programs/create-program/create-program.dto';
import { precheckShape } from './shape-precheck';

const applicant = { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '天河区' };
/** The objects a program must have, so that each test shows only the problem it is about. */
const programParts = { workflow: {}, quota: {}, window: {} };

class IndicatorDto {
  @IsString() name!: string;
}
/** A list of objects with a maximum size, as DTOs declare them. */
class ReportDto {
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => IndicatorDto) indicators!: IndicatorDto[];
}

describe('precheckShape', () => {
  it('passes a well-shaped body on to class-validator', () => {
    expect(precheckShape(CreateCaseDto, { programId: 'p', applicant, partners: [{ cityCode: '440100', unitName: 'x' }] })).toEqual([]);
    // Types and unknown fields are class-validator's to report.
    expect(precheckShape(CreateCaseDto, { programId: 1, applicant: { level: 3 }, extra: true })).toEqual([]);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], [{}], 'text', 42]) expect(precheckShape(CreateCaseDto, body)).toEqual([{ field: 'body', messages: ['must be a JSON object'] }]);
  });

  it('refuses a list over its @ArrayMaxSize by its length, at any depth', () => {
    const indicators = Array.from({ length: 201 }, () => 'not even an object');
    expect(precheckShape(ReportDto, { indicators })).toEqual([
      { field: 'indicators', messages: ['must have at most 200 items (has 201)'] },
    ]);
    const regions = [{ districts: [] }, { districts: Array.from({ length: 201 }, () => ({})) }];
    expect(precheckShape(CreateProgramDto, { ...programParts, regions })).toEqual([{ field: 'regions[1].districts', messages: ['must have at most 200 items (has 201)'] }]);
  });

  it('refuses an array, or a scalar, where an object is expected, and a non-object item of a list of objects', () => {
    expect(precheckShape(CreateCaseDto, { applicant: Array.from({ length: 500 }, () => ({})) })).toEqual([{ field: 'applicant', messages: ['must be an object'] }]);
    expect(precheckShape(CreateProgramDto, { ...programParts, workflow: 'gd', quota: [1, 2] })).toEqual([
      { field: 'workflow', messages: ['must be an object'] },
      { field: 'quota', messages: ['must be an object'] },
    ]);
    expect(precheckShape(CreateCaseDto, { applicant, partners: [{}, [], 3] })).toEqual([
      { field: 'partners[1]', messages: ['must be an object'] },
      { field: 'partners[2]', messages: ['must be an object'] },
    ]);
  });

  it('refuses a missing @ValidateNested object unless it is optional', () => {
    expect(precheckShape(CreateCaseDto, { programId: 'p' })).toEqual([{ field: 'applicant', messages: ['is required'] }]);
    expect(precheckShape(CreateProgramDto, {})).toEqual(['workflow', 'quota', 'window'].map((field) => ({ field, messages: ['is required'] })));
  });

  it('refuses null, optional fields included, unless the field decides with @ValidateIf', () => {
    expect(precheckShape(CreateCaseDto, { programId: null, applicant: { ...applicant, districtCode: null }, partners: null })).toEqual([
      { field: 'programId', messages: ['must not be null (leave the field out instead)'] },
      { field: 'applicant.districtCode', messages: ['must not be null (leave the field out instead)'] },
      { field: 'partners', messages: ['must not be null (leave the field out instead)'] },
    ]);
    class Clearable {
      @IsOptional() @IsString() name?: string;
      @ValidateIf((_, v) => v !== null) @IsString() note?: string | null;
    }
    expect(precheckShape(Clearable, { note: null })).toEqual([]);
    expect(precheckShape(Clearable, { name: null })).toHaveLength(1);
  });
});
