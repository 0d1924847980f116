import type { FieldError } from '../errors';
import { completeApplication } from './application.fixture';
import { validateApplicationFormat } from './application.rules';

type Draft = ReturnType<typeof completeApplication>;
const withChange = (change: (a: Draft) => void): unknown => {
  const a = completeApplication();
  change(a);
  return a;
};
const fieldsOf = (errors: FieldError[]): string[] => errors.map((e) => e.field);
const messagesOf = (errors: FieldError[], field: string): string[] => errors.find((e) => e.field === field)?.messages ?? [];

describe('validateApplicationFormat', () => {
  it('accepts a complete, well-formed application', () => {
    expect(validateApplicationFormat(completeApplication())).toEqual([]);
  });

  it('accepts a draft whose fields are still blank or empty', () => {
    const draft = withChange((a) => {
      a.cover.head.mobile = '';
      a.cover.contact.email = '';
      a.basicSituation = '';
      a.plan.selectedTasks = [];
      a.plan.workItems = [{ title: '', due: '', responsibleUnit: '' }];
      a.keyProjects[0].periodStart = '';
      a.keyProjects[0].periodEnd = '';
      a.enterprises = [];
    });
    expect(validateApplicationFormat(draft)).toEqual([]);
  });

  it.each([null, 'text', [], 42])('rejects a body that is not an object (%p)', (body) => {
    expect(fieldsOf(validateApplicationFormat(body))).toEqual(['application']);
  });

  it('refuses a list over its limit whole, without looking at its items', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      (a as { keyProjects: unknown[] }).keyProjects = Array.from({ length: 501 }, () => ({}));
      (a.plan as { customTasks: unknown[] }).customTasks = Array.from({ length: 101 }, () => 'not an object');
    }));
    expect(errors).toEqual([
      { field: 'plan.customTasks', messages: ['must have at most 100 items (has 101)'] },
      { field: 'keyProjects', messages: ['must have at most 500 items (has 501)'] },
    ]);
  });

  it('reports missing sections and unknown fields at every level', () => {
    const errors = validateApplicationFormat({ ...withChange((a) => Object.assign(a.cover.head, { title: 'x' })) as object, extra: 1, plan: undefined });
    expect(messagesOf(errors, 'extra')).toEqual(['is not an allowed field']);
    expect(messagesOf(errors, 'cover.head.title')).toEqual(['is not an allowed field']);
    expect(messagesOf(errors, 'plan')).toEqual(['is required']);
  });

  it('checks mobile numbers by path, naming the rule', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      a.cover.head.mobile = '12800138000';
      a.cover.contact.mobile = '1380013800';
    }));
    expect(errors).toEqual([
      { field: 'cover.head.mobile', messages: ['must be a mainland mobile number: 1[3-9] followed by 9 digits'] },
      { field: 'cover.contact.mobile', messages: ['must be a mainland mobile number: 1[3-9] followed by 9 digits'] },
    ]);
  });

  it('checks e-mail and fax', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      a.cover.contact.email = 'not-an-email';
      a.cover.contact.fax = 'fax me';
    }));
    expect(fieldsOf(errors)).toEqual(['cover.contact.fax', 'cover.contact.email']);
  });

  it('checks months: 2019-13 and 2019-2 are not months', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      a.plan.workItems[0].due = '2019-13';
      a.enterprises[0].enteredOn = '2019-2';
      a.keyProjects[0].periodStart = '2019-00';
    }));
    expect(fieldsOf(errors)).toEqual(['plan.workItems[0].due', 'enterprises[0].enteredOn', 'keyProjects[0].periodStart']);
    expect(messagesOf(errors, 'plan.workItems[0].due')).toEqual(['must be a month YYYY-MM with month 01–12']);
  });

  it('refuses a period that ends before it starts, and accepts a one-month period', () => {
    const bad = validateApplicationFormat(withChange((a) => {
      a.keyProjects[0].periodStart = '2020-03';
      a.keyProjects[0].periodEnd = '2019-12';
    }));
    expect(bad).toEqual([{ field: 'keyProjects[0].periodEnd', messages: ['must not be before periodStart (2020-03)'] }]);
    const same = validateApplicationFormat(withChange((a) => {
      a.keyProjects[0].periodStart = '2020-03';
      a.keyProjects[0].periodEnd = '2020-03';
    }));
    expect(same).toEqual([]);
  });

  describe('character limits count code points', () => {
    it.each([
      ['Chinese', '数', 200, true],
      ['Chinese', '数', 201, false],
      ['emoji', '😀', 200, true],
      ['emoji', '😀', 201, false],
    ])('content of %s × %i is accepted: %s', (_kind, ch, n, ok) => {
      const errors = validateApplicationFormat(withChange((a) => {
        a.keyProjects[0].content = ch.repeat(n);
      }));
      expect(errors).toEqual(ok ? [] : [{ field: 'keyProjects[0].content', messages: [`must be at most 200 characters (has ${n})`] }]);
    });

    it('expected results: 50 emoji pass (100 UTF-16 units), 51 Chinese characters fail', () => {
      expect(validateApplicationFormat(withChange((a) => { a.keyProjects[0].expectedResults = '😀'.repeat(50); }))).toEqual([]);
      const errors = validateApplicationFormat(withChange((a) => { a.keyProjects[0].expectedResults = '果'.repeat(51); }));
      expect(errors).toEqual([{ field: 'keyProjects[0].expectedResults', messages: ['must be at most 50 characters (has 51)'] }]);
    });
  });

  describe('money', () => {
    it('accepts 0, two decimals and float sums like 0.1 + 0.2', () => {
      const errors = validateApplicationFormat(withChange((a) => {
        a.keyProjects[0].totalInvestment = 0.1 + 0.2;
        a.keyProjects[0].expectedRevenue = 0;
      }));
      expect(errors).toEqual([]);
    });

    it.each([
      [-1, 'negative'],
      [1.234, 'three decimals'],
    ])('refuses %p (%s)', (amount) => {
      const errors = validateApplicationFormat(withChange((a) => { a.keyProjects[0].totalInvestment = amount; }));
      expect(errors).toEqual([{ field: 'keyProjects[0].totalInvestment', messages: ['must be an amount in 万元: a number ≥ 0 with at most 2 decimals'] }]);
    });

    it('refuses a string amount and a bad expected revenue', () => {
      const errors = validateApplicationFormat(withChange((a) => {
        (a.keyProjects[0] as unknown as Record<string, unknown>).totalInvestment = '100';
        a.keyProjects[0].expectedRevenue = 0.005;
      }));
      expect(fieldsOf(errors)).toEqual(['keyProjects[0].totalInvestment', 'keyProjects[0].expectedRevenue']);
      expect(messagesOf(errors, 'keyProjects[0].totalInvestment')).toEqual(['must be a finite number']);
    });
  });

  it('requires seq to be a positive integer, unique', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      const p = a.keyProjects[0];
      a.keyProjects = [p, { ...p, seq: 1 }, { ...p, seq: 0 }, { ...p, seq: 2.5 }, { ...p, seq: 3 }];
    }));
    expect(errors).toEqual([
      { field: 'keyProjects[1].seq', messages: ['must be unique: seq 1 is already used by keyProjects[0]'] },
      { field: 'keyProjects[2].seq', messages: ['must be a positive integer'] },
      { field: 'keyProjects[3].seq', messages: ['must be a positive integer'] },
    ]);
  });

  it('reports the wrong type of a nested field and of a list', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      (a.plan as unknown as Record<string, unknown>).selectedTasks = 'T1,T2';
      (a.plan.targets as unknown as Record<string, unknown>).perTask = { T1: 5, 'T 2': 'x' };
      (a.keyProjects[0] as unknown as Record<string, unknown>).name = 42;
    }));
    expect(errors).toEqual([
      { field: 'plan.selectedTasks', messages: ['must be an array'] },
      { field: 'plan.targets.perTask.T1', messages: ['must be a string'] },
      { field: 'plan.targets.perTask["T 2"]', messages: ['must be a task code: letters, digits, _ and - only'] },
      { field: 'keyProjects[0].name', messages: ['must be a string'] },
    ]);
  });

  it('rejects unknown fields inside list items', () => {
    const errors = validateApplicationFormat(withChange((a) => {
      Object.assign(a.keyProjects[0], { budget: 1 });
      Object.assign(a.plan.workItems[0], { owner: 'x' });
    }));
    expect(fieldsOf(errors)).toEqual(['plan.workItems[0].owner', 'keyProjects[0].budget']);
  });
});
