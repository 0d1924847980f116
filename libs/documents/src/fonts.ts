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

/** The family name DOCX files ask for (Word falls back to a local serif when the reader lacks it). */
export const DOCX_SERIF = 'Noto Serif SC';
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
