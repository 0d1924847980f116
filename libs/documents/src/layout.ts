/**
 * Page geometry after GB/T 9704-2012 (党政机关公文格式): A4, margins 37 mm top, 35 mm bottom, 28 mm left (the
 * binding side), 26 mm right; title 二号 (22 pt), body 三号 (16 pt) for letters; tables in 五号 (10.5 pt).
 */
export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
export const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
export const TITLE_SIZE = 22;
export const TABLE_SIZE = 10.5;
/** Line height as a multiple of the font size (GB/T 9704 sets 22 lines of 28 characters on a page). */
export const LINE_GAP = 0.45;
/** DOCX measures in twentieths of a point (twips) and half-points. */
export const twips = (pt: number): number => Math.round(pt * 20);
export const halfPoints = (pt: number): number => Math.round(pt * 2);
