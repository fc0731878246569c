// Reads the byte size of each rendered PDF from a build's outputs, for feed enclosures.
import type { Output } from '../../write/write-site.js';

/**
 * PDFs arrive in the outputs as rendered bytes (`{ path, data }`); a PDF output given as a file to
 * copy (`{ path, from }`) has no size here and gets no enclosure, which is safe: never a wrong length.
 */
export function measurePdfs(outputs: readonly Output[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of outputs) {
    if (!output.path.endsWith('.pdf') || !('data' in output)) continue;
    sizes.set(output.path, typeof output.data === 'string' ? Buffer.byteLength(output.data) : output.data.byteLength);
  }
  return sizes;
}
