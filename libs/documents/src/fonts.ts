/**
 * The CJK serif face of every generated document: Noto Serif SC (SIL OFL 1.1), TrueType outlines, shipped by the npm
 * package `@expo-google-fonts/noto-serif-sc` (a dependency, so `npm ci` installs it with the rest). pdfkit embeds
 * only the glyphs a document uses (a subset), as a CID font with a ToUnicode map, so the PDF's text can be extracted.
 * The files are read once per process (about 15 MB each) and kept.
 */
import { readFileSync } from 'node:fs';

const FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

export type FontWeight = keyof typeof FILES;

/**
 * The faces a DOCX asks for, as the people who edit it in Word or WPS have them (a DOCX does not carry its font):
 * GB/T 9704's 仿宋 for a letter's body, 宋体 for the forms and every title (its 小标宋 is not a system font), Times New
 * Roman for Latin letters and digits. A reader without them gets the application's substitute.
 */
export const DOCX_FACES = { letter: '仿宋', form: '宋体', title: '宋体', latin: 'Times New Roman' } as const;
/** What an HTML page asks for, in order: the same face, then the common Chinese serif faces, then any serif. */
export const HTML_SERIF = `"Noto Serif SC", "Source Han Serif SC", "SimSun", "Songti SC", serif`;

const cache = new Map<FontWeight, Buffer>();

export function fontFile(weight: FontWeight): Buffer {
  let data = cache.get(weight);
  if (!data) {
    data = readFileSync(require.resolve(FILES[weight]));
    cache.set(weight, data);
  }
  return data;
}
