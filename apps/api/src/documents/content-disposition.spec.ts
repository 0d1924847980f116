import { contentDisposition, encodeRfc8187, safeFileName } from './content-disposition';

describe('Content-Disposition (RFC 6266)', () => {
  it('percent-encodes the UTF-8 name, attr-chars only left as they are (parentheses and quotes encoded)', () => {
    expect(encodeRfc8187('申报书 (1).pdf')).toBe('%E7%94%B3%E6%8A%A5%E4%B9%A6%20%281%29.pdf');
    expect(encodeRfc8187("a'b*c")).toBe('a%27b%2Ac');
  });

  it('gives the Chinese name in filename* and an ASCII fallback in filename', () => {
    expect(contentDisposition('attachment', '天河区-推荐函.pdf', 'recommendation-letter-c1.pdf'))
      .toBe(`attachment; filename="recommendation-letter-c1.pdf"; filename*=UTF-8''%E5%A4%A9%E6%B2%B3%E5%8C%BA-%E6%8E%A8%E8%8D%90%E5%87%BD.pdf`);
  });

  it('keeps path separators, quotes and control characters out of both names', () => {
    expect(safeFileName('../a/b\\c"d\r\ne.pdf')).toBe('.._a_b_c_d_e.pdf');
    const header = contentDisposition('inline', '单位"/x.html', 'x"\\y.html');
    expect(header).toBe(`inline; filename="x__y.html"; filename*=UTF-8''%E5%8D%95%E4%BD%8D_x.html`);
    expect(header).not.toMatch(/[\r\n]/);
  });
});
