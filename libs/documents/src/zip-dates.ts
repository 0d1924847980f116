/**
 * DOCX and XLSX are zip files, and their writers stamp each entry with the time they ran: the same case would give
 * different bytes each time. This rewrites the archive with every entry at one given instant (stored in UTC by
 * JSZip) and the entries in name order, so the output depends on the content only.
 */
import JSZip from 'jszip';

export async function zipAt(zip: Buffer, at: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(zip);
  const out = new JSZip();
  // [Content_Types].xml first, as Office writes it; then the rest in name order.
  const names = Object.keys(source.files).filter((n) => !source.files[n]!.dir).sort((a, b) => {
    if (a === '[Content_Types].xml') return -1;
    if (b === '[Content_Types].xml') return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (const name of names) out.file(name, await source.files[name]!.async('uint8array'), { date: at, createFolders: false });
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
