// Tells which file of a notice folder a link names, however the author spelt it, and spells it back.

/** A link into a notice's folder: the file it names (NFC, as published) and what follows (`#page=3`). */
export interface AssetLink {
  name: string;
  suffix: string;
}

/** Links into the folder's `files/`, with or without `./`. */
export function isFilesLink(url: string): boolean {
  return /^(\.\/)?files\//.test(url);
}

function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The file `url` names among `has`. Authors write `files/Q%26A%20%231.pdf` (encoded) as well as
 * `files/Q&A #1.pdf` (as the file is called), so the whole URL is tried as a name first, and only
 * then is `?…` or `#…` taken as a query or fragment (`files/guide.pdf#page=3`). Names compare in
 * NFC: macOS writes Korean file names decomposed (NFD), authors type them composed.
 */
export function resolveAssetLink(url: string, has: (name: string) => boolean): AssetLink | undefined {
  const relative = url.replace(/^\.\//, '');
  const cut = relative.search(/[?#]/);
  const candidates: Array<[string, string]> = [[relative, '']];
  if (cut >= 0) candidates.push([relative.slice(0, cut), relative.slice(cut)]);
  for (const [path, suffix] of candidates) {
    for (const spelling of [decoded(path), path]) {
      const name = spelling?.normalize('NFC');
      if (name !== undefined && has(name)) return { name, suffix };
    }
  }
  return undefined;
}

/** The file a link that names none was meant to name, for a message: the whole name when it ends in an extension. */
export function intendedName(url: string): string {
  const relative = url.replace(/^\.\//, '');
  const whole = decoded(relative) ?? relative;
  if (/\.[a-z0-9]{1,5}$/i.test(whole)) return whole.normalize('NFC');
  const path = relative.split(/[?#]/)[0]!;
  return (decoded(path) ?? path).normalize('NFC');
}

/** The URL of a published file, relative to its page: each segment percent-encoded (`&`, `#`, `?` too). */
export function assetHref(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}
