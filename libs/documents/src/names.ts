/** Place names and dates as Chinese official documents write them. */

export interface RegionNames {
  cityCode: string;
  name: string;
  districts: { code: string; name: string }[];
}

/**
 * The suffix of a county-level division by its GB/T 2260 code: 01–20 市辖区 (区), 21–80 县, 81–99 县级市 (市). The
 * program's region list keeps the bare names (天河, 台山, 博罗).
 */
export function districtSuffix(code: string): string {
  const n = Number(code.slice(4, 6));
  if (n >= 81) return '市';
  if (n >= 21) return '县';
  return '区';
}

const withSuffix = (name: string, suffix: string): string => (name.endsWith(suffix) ? name : `${name}${suffix}`);

/** 广州市, 广州市天河区, 江门市台山市; the code itself when the program does not know it. */
export function placeName(regions: RegionNames[], cityCode: string, districtCode?: string): string {
  const city = regions.find((r) => r.cityCode === cityCode);
  const cityName = city ? withSuffix(city.name, '市') : cityCode;
  if (districtCode === undefined) return cityName;
  const district = city?.districts.find((d) => d.code === districtCode);
  return `${cityName}${district ? withSuffix(district.name, districtSuffix(districtCode)) : districtCode}`;
}

const DIGITS = '〇一二三四五六七八九';

/** 2019 → 二〇一九 (the year as the templates print it). */
export const chineseYear = (year: number): string => [...String(year)].map((d) => DIGITS[Number(d)]).join('');

/** The calendar date of an instant or a `YYYY-MM-DD` date in Asia/Shanghai (UTC+8, no daylight saving). */
function shanghaiParts(value: string): { y: number; m: number; d: number } {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return { y: Number(plain[1]), m: Number(plain[2]), d: Number(plain[3]) };
  const at = new Date(Date.parse(value) + 8 * 3600_000);
  return { y: at.getUTCFullYear(), m: at.getUTCMonth() + 1, d: at.getUTCDate() };
}

/** 2019年4月20日 (GB/T 9704 writes dates in Arabic numerals, without leading zeros). */
export function chineseDate(value: string): string {
  const { y, m, d } = shanghaiParts(value);
  return `${y}年${m}月${d}日`;
}

/** 2019-05 → 2019年5月 (key project periods and due months). */
export function chineseMonth(value: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(value);
  return m ? `${m[1]}年${Number(m[2])}月` : value;
}

/** Money in 万元 as printed: up to two decimals, no trailing zeros. */
export const wan = (n: number): string => String(Math.round(n * 100) / 100);
