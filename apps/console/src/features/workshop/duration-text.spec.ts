import { formatDuration } from './duration-text';

describe('a definition duration in words', () => {
  it('names every unit the definitions accept, in Chinese', () => {
    expect(formatDuration('P1Y', 'zh-CN')).toBe('1 年');
    expect(formatDuration('P6M', 'zh-CN')).toBe('6 个月');
    expect(formatDuration('P2W', 'zh-CN')).toBe('2 周');
    expect(formatDuration('P10D', 'zh-CN')).toBe('10 天');
    expect(formatDuration('P10D', 'zh-CN', 'calendar')).toBe('10 天');
    expect(formatDuration('P10D', 'zh-CN', 'working')).toBe('10 个工作日');
    expect(formatDuration('PT36H', 'zh-CN')).toBe('36 小时');
    expect(formatDuration('PT30M', 'zh-CN')).toBe('30 分钟');
    expect(formatDuration('PT2S', 'zh-CN')).toBe('2 秒');
    expect(formatDuration('P1Y6M', 'zh-CN')).toBe('1 年 6 个月');
    expect(formatDuration('P1DT12H', 'zh-CN', 'working')).toBe('1 个工作日 12 小时');
  });

  it('names every unit the definitions accept, in English, singular and plural', () => {
    expect(formatDuration('P1Y', 'en-US')).toBe('1 year');
    expect(formatDuration('P2Y', 'en-US')).toBe('2 years');
    expect(formatDuration('P1M', 'en-US')).toBe('1 month');
    expect(formatDuration('P6M', 'en-US')).toBe('6 months');
    expect(formatDuration('P1W', 'en-US')).toBe('1 week');
    expect(formatDuration('P3W', 'en-US')).toBe('3 weeks');
    expect(formatDuration('P1D', 'en-US')).toBe('1 day');
    expect(formatDuration('P7D', 'en-US', 'calendar')).toBe('7 days');
    expect(formatDuration('P1D', 'en-US', 'working')).toBe('1 working day');
    expect(formatDuration('P10D', 'en-US', 'working')).toBe('10 working days');
    expect(formatDuration('PT1H', 'en-US')).toBe('1 hour');
    expect(formatDuration('PT36H', 'en-US')).toBe('36 hours');
    expect(formatDuration('PT1M', 'en-US')).toBe('1 minute');
    expect(formatDuration('PT2S', 'en-US')).toBe('2 seconds');
    expect(formatDuration('P1Y6M', 'en-US')).toBe('1 year, 6 months');
  });

  it('keeps a minute apart from a month (M before and after T)', () => {
    expect(formatDuration('P1MT1M', 'en-US')).toBe('1 month, 1 minute');
    expect(formatDuration('P1MT1M', 'zh-CN')).toBe('1 个月 1 分钟');
  });

  it('shows a text that is not an ISO duration as it is', () => {
    for (const raw of ['', 'P', 'PT', '6M', 'P1.5D', 'P-1D', 'ten days']) expect(formatDuration(raw, 'zh-CN')).toBe(raw);
  });
});
