import { isUtf8 } from 'node:buffer';

const JPEG = [[0xff, 0xd8, 0xff]];
const ZIP = [[0x50, 0x4b, 0x03, 0x04]];
/** How a file of each type begins; a file that claims the type and begins otherwise is refused. */
const SIGNATURES: Record<string, number[][]> = {
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  jpg: JPEG,
  jpeg: JPEG,
  gif: [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  ],
  pdf: [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  docx: ZIP,
  xlsx: ZIP,
  pptx: ZIP,
  zip: ZIP,
};
const TEXT = new Set(['txt', 'csv', 'log', 'json']);

/**
 * Whether a file's bytes are what its extension says: a signature for binary types, UTF-8
 * without NUL for text. An agent who opens `invoice.pdf` gets a PDF, not something a visitor
 * dressed up as one. Types it knows nothing of pass (the service's list of types is the gate).
 */
export function contentMatches(extension: string, content: Uint8Array): boolean {
  if (TEXT.has(extension)) return isUtf8(content) && !content.includes(0);
  const signatures = SIGNATURES[extension];
  return (
    !signatures ||
    signatures.some((signature) => signature.every((byte, index) => content[index] === byte))
  );
}
