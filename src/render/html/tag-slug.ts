// The folder name of a tag's listing: the same on every OS, readable, and one per way of writing a tag.
import { createHash } from 'node:crypto';

/** Slugs are cut to this many characters: a Hangul one is then at most 150 bytes, under every file system's 255. */
const MAX_LENGTH = 50;

/** Names Windows refuses for a file or folder, whatever the case. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * Letters and digits of any script (Hangul stays Hangul, percent-encoded only in links), in NFC and
 * lower case, with every other run of characters as one hyphen: `AI`, `ai` and ` AI ` share a page,
 * as they would share a folder on a case-insensitive disk. A tag with no letter or digit, or one
 * whose slug Windows refuses, gets `tag-` and a hash of the tag.
 */
export function tagSlug(tag: string): string {
  let slug = slugs.get(tag);
  if (slug === undefined) {
    slug = slugOf(tag);
    // An archive has a few hundred tags, each slugged for every listing, sitemap and page that shows it.
    if (slugs.size >= 10_000) slugs.clear();
    slugs.set(tag, slug);
  }
  return slug;
}

const slugs = new Map<string, string>();

function slugOf(tag: string): string {
  const normal = tag.normalize('NFC').toLowerCase();
  const words = normal.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const slug = [...words.join('-')].slice(0, MAX_LENGTH).join('').replace(/-+$/, '');
  if (slug === '') return `tag-${createHash('sha256').update(normal.trim()).digest('hex').slice(0, 8)}`;
  return WINDOWS_RESERVED.test(slug) ? `tag-${slug}` : slug;
}
