/**
 * What a file is, by its bytes (never its name or the type the client declared): `file-type` recognises PDF, JPEG,
 * PNG and most other formats from their signatures; OFD (GB/T 33190, China's fixed-layout format) is a ZIP package
 * with `OFD.xml` at its root, which `file-type` reports as a plain ZIP, so a ZIP is looked into for that entry (its
 * central directory, read from the end of the file: the file is never read whole).
 */
import { open } from 'node:fs/promises';
// The `./node` entry: Jest's resolver (require conditions) does not see the package's `node` → `import` entry.
import { fileTypeFromFile } from 'file-type/node';

export const OFD = 'application/ofd';
/** What an unrecognised file is called in the refusal. */
export const UNKNOWN = 'an unrecognised type';

/** The media type of the file at `path`: one `file-type` names, `application/ofd`, or undefined when unknown. */
export async function mediaTypeOf(path: string): Promise<string | undefined> {
  const found = await fileTypeFromFile(path);
  if (found?.mime === 'application/zip' && (await zipHasRootEntry(path, 'OFD.xml'))) return OFD;
  return found?.mime;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
/** The end-of-central-directory record (22 bytes) and a comment of at most 65,535 bytes. */
const TAIL = 22 + 0xffff;
/** A central directory larger than this is not an OFD worth reading (an OFD package has a handful of entries per page). */
const MAX_DIRECTORY = 4 * 1024 * 1024;

/** Whether the ZIP file at `path` has an entry named exactly `name` (case-insensitive, at its root). */
export async function zipHasRootEntry(path: string, name: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, TAIL);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) return false;
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    if (dirSize > MAX_DIRECTORY || dirOffset + dirSize > size) return false;
    const dir = Buffer.alloc(dirSize);
    await file.read(dir, 0, dirSize, dirOffset);
    const wanted = name.toLowerCase();
    for (let p = 0; p + 46 <= dir.length && dir.readUInt32LE(p) === CENTRAL; ) {
      const nameLength = dir.readUInt16LE(p + 28);
      const extra = dir.readUInt16LE(p + 30);
      const comment = dir.readUInt16LE(p + 32);
      const entry = dir.toString('utf8', p + 46, p + 46 + nameLength).replace(/^\.?\//, '');
      if (entry.toLowerCase() === wanted) return true;
      p += 46 + nameLength + extra + comment;
    }
    return false;
  } finally {
    await file.close();
  }
}
