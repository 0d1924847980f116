import { validateProgramSettings } from './program.validation';
import { GD_BDPZ_2019_PROGRAM } from './program.seed';

// Copied verbatim from DOMAIN.md ("Cities and GB/T 2260 codes" and "The 9 pilot tasks"), so the seed is checked
// against the brief's own text rather than against a second hand-typed copy of it.
const CITY_TABLE = `
| 广州 Guangzhou | 440100 | 3 | 荔湾440103 越秀440104 海珠440105 天河440106 白云440111 黄埔440112 番禺440113 花都440114 南沙440115 从化440117 增城440118 |
| 深圳 Shenzhen | 440300 | 3 | 罗湖440303 福田440304 南山440305 宝安440306 龙岗440307 盐田440308 龙华440309 坪山440310 光明440311 |
| 珠海 Zhuhai | 440400 | 2 | 香洲440402 斗门440403 金湾440404 |
| 佛山 Foshan | 440600 | 2 | 禅城440604 南海440605 顺德440606 三水440607 高明440608 |
| 江门 Jiangmen | 440700 | 2 | 蓬江440703 江海440704 新会440705 台山440781 开平440783 鹤山440784 恩平440785 |
| 肇庆 Zhaoqing | 441200 | 2 | 端州441202 鼎湖441203 高要441204 广宁441223 怀集441224 封开441225 德庆441226 四会441284 |
| 惠州 Huizhou | 441300 | 2 | 惠城441302 惠阳441303 博罗441322 惠东441323 龙门441324 |
| 东莞 Dongguan | 441900 | 2 | (none) |
| 中山 Zhongshan | 442000 | 2 | (none) |
`;
const TASKS_TEXT = `T1 政务数据统筹整合 government data integration ·
T2 数据资源开放利用 open data ·
T3 社会治理大数据应用 social governance · T4 公共服务大数据应用 public services · T5 行业大数据应用 industry ·
T6 制造业大数据应用 manufacturing · T7 创业创新大数据应用 entrepreneurship & innovation · T8 大数据产业发展 big-data
industry · T9 大数据标准体系 standards.`;

function parseCities() {
  return CITY_TABLE.trim()
    .split('\n')
    .map((line) => {
      const [city, code, limit, districts] = line.split('|').slice(1, 5).map((c) => c.trim());
      return {
        cityCode: code,
        name: city.split(' ')[0],
        limit: Number(limit),
        districts: districts === '(none)' ? [] : districts.split(/\s+/).map((t) => ({ code: t.slice(-6), name: t.slice(0, -6) })),
      };
    });
}

describe('GD_BDPZ_2019_PROGRAM', () => {
  it('has exactly the cities, codes, limits and districts of the DOMAIN.md table', () => {
    expect(GD_BDPZ_2019_PROGRAM.regions).toEqual(parseCities());
    expect(GD_BDPZ_2019_PROGRAM.regions).toHaveLength(9);
  });

  it('has the 9 pilot tasks T1–T9 with their Chinese names', () => {
    const tasks = [...TASKS_TEXT.matchAll(/(T\d) (\S+)/g)].map((m) => ({ code: m[1], name: m[2] }));
    expect(tasks).toHaveLength(9);
    expect(GD_BDPZ_2019_PROGRAM.tasks).toEqual(tasks);
  });

  it('carries the 2019 round settings', () => {
    expect(GD_BDPZ_2019_PROGRAM).toMatchObject({
      key: 'gd-bdpz-2019',
      workflow: { key: 'gd-bdpz-2019', version: 1 },
      minTasks: 6,
      quota: { min: 3, max: 5 },
      window: { opensOn: '2019-02-27', closesOn: '2019-04-26' },
      targetDate: '2020-12-31',
    });
  });

  it('passes the program validation', () => {
    expect(validateProgramSettings(GD_BDPZ_2019_PROGRAM)).toEqual([]);
  });
});
