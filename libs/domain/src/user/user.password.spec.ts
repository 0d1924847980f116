import { passwordProblems } from './user.password';

describe('passwordProblems', () => {
  it.each(['Correct-horse', 'abcdefgh12', '数据安全数据安全Ab', 'aaaaaaaaa!'])('accepts %s', (pw) => {
    expect(passwordProblems(pw, 'zhang.san')).toEqual([]);
  });

  it('needs at least 10 characters, counted as characters', () => {
    expect(passwordProblems('Abc12345x')).toEqual(['must be at least 10 characters (has 9)']);
    expect(passwordProblems('😀😀😀😀😀1')).toEqual(['must be at least 10 characters (has 6)']);
  });

  it.each(['abcdefghijkl', 'ABCDEFGHIJKL', '123456789012', '!!!!!!!!!!!!', '数据安全数据安全数据'])('refuses a single kind of character: %s', (pw) => {
    expect(passwordProblems(pw)).toEqual([
      'must mix at least two kinds of characters: lower-case letters, upper-case letters, digits, other characters',
    ]);
  });

  it('refuses the username, case-blind', () => {
    expect(passwordProblems('Zhang.San.01', 'zhang.san.01')).toEqual(['must not be the username']);
  });

  it('refuses an absurdly long password', () => {
    expect(passwordProblems(`aB1${'x'.repeat(300)}`)).toEqual(['must be at most 256 characters']);
  });
});
