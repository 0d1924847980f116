import { passwordProblems } from '@shenbao/domain';
import { generatePassword, passwordBox } from './admin-bootstrap';

describe('first admin password', () => {
  it('is 20 characters that pass the password policy, and differs every time', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    for (const pw of passwords) {
      expect(pw).toHaveLength(20);
      expect(passwordProblems(pw, 'admin')).toEqual([]);
      expect(pw).not.toMatch(/[0O1lI]/);
    }
    expect(new Set(passwords).size).toBe(50);
  });

  it('is printed in a box with the username and the command that runs the tour', () => {
    const box = passwordBox('admin', 'Abcdefghijkmnpqrst23');
    expect(box).toContain('username: admin');
    expect(box).toContain('password: Abcdefghijkmnpqrst23');
    expect(box).toContain("ADMIN_PASSWORD='Abcdefghijkmnpqrst23' bash docs/tour.sh");
    expect(passwordBox('admin', 'Abcdefghijkmnpqrst23', 8080)).toContain(
      "ADMIN_PASSWORD='Abcdefghijkmnpqrst23' API=http://localhost:8080/api/v1 bash docs/tour.sh",
    );
    const lines = box.trim().split('\n');
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
  });
});
