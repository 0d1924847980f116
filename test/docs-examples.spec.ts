/** The README's tour sends docs/examples/application.json; it must stay a valid, complete application. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GD_BDPZ_2019_PROGRAM, missingForSubmit, validateApplicationFormat, type Application } from '@shenbao/domain';

describe('docs/examples/application.json', () => {
  const example: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'examples', 'application.json'), 'utf8'));

  it('passes the format rules of PUT /cases/:id/application', () => {
    expect(validateApplicationFormat(example)).toEqual([]);
  });

  it('is complete enough to submit in the seeded program', () => {
    expect(missingForSubmit(example as Application, GD_BDPZ_2019_PROGRAM)).toEqual([]);
  });
});
