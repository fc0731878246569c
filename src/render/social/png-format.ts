// How the card cache tells a whole PNG from a write cut short.
import type { CacheFormat } from '../pdf/open-pdf-cache.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IEND chunk every PNG ends with: length 0, type, CRC. */
const END = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

export const PNG_FORMAT: CacheFormat = {
  extension: '.png',
  isWhole: (bytes) => bytes.length > SIGNATURE.length + END.length
    && SIGNATURE.every((b, i) => bytes[i] === b)
    && END.every((b, i) => bytes[bytes.length - END.length + i] === b),
};
