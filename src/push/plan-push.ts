// Compares what a mirror should hold with what it holds, and orders the changes so feeds never dangle.
import type { Manifest } from '../write/write-site.js';
import type { MirrorFile } from './select-mirror-files.js';

export interface PlannedUpload {
  file: MirrorFile;
  /** `new`: the mirror lacks it; `changed`: it holds another version. */
  change: 'new' | 'changed';
}

export interface PushPlan {
  /**
   * Uploads in waves; a wave starts only when the one before has fully arrived: pages, PDFs,
   * attachments and assets; then feed documents other feeds link to (archives); then the
   * subscription documents partners poll. So no feed ever names a file the mirror lacks.
   */
  waves: PlannedUpload[][];
  /** Paths to remove from the mirror, after every upload: until then an old feed may name them. */
  delete: string[];
  /**
   * The same paths in waves: first the documents that can name other files (feeds, listings, the
   * sitemap), then notice folders' files and assets. A push stopped between two deletions then
   * leaves no feed naming a page it removed (an archive page that goes names pages that go too).
   */
  deleteWaves: string[][];
  /** Files the mirror already holds as built. */
  unchanged: MirrorFile[];
  /** The manifest the mirror gets last, describing exactly what it then holds. */
  manifest: Manifest;
  /** Whether `manifest.json` must be written (anything changed, or the old one is stale). */
  writeManifest: boolean;
}

export interface MirrorState {
  /** Path → sha256 of what the mirror is known to hold. An empty hash means "holds something, remove it". */
  files: ReadonlyMap<string, string>;
  /**
   * The mirror's `manifest.json` as it stands, when it can be trusted to describe the mirror;
   * `undefined` forces a rewrite (absent, unreadable, or left stale by an interrupted push).
   */
  manifestText: string | undefined;
}

/**
 * The feed documents partners subscribe to: `<lang>/rss.xml`, `atom.xml`, `feed.json`, and those of
 * each category (`<lang>/<category>/rss.xml`), which a partner taking only calls for proposals
 * follows. Not archive pages (`<lang>/archive/2/rss.xml`): they are fixed history, linked from these.
 */
export function isSubscriptionDocument(path: string): boolean {
  return /^[^/]+\/(?:[^/]+\/)?(?:rss\.xml|atom\.xml|feed\.json)$/.test(path) && !/\/archive\//.test(path);
}

/**
 * A file that documents name but that names nothing a push removes: a notice folder's page, PDF,
 * card or attachment (`<lang>/<id>/…`, the id starting with its date, which no category code may),
 * or a shared asset.
 */
function isNamedFile(path: string): boolean {
  return path.startsWith('assets/') || /^[^/]+\/\d{4}-\d{2}-\d{2}-[^/]+\//.test(path);
}

/** What to change on a mirror in `state` so that it holds exactly `files`. */
export function planPush(files: readonly MirrorFile[], state: MirrorState): PushPlan {
  const uploads: PlannedUpload[] = [];
  const unchanged: MirrorFile[] = [];
  for (const file of files) {
    const held = state.files.get(file.path);
    if (held === file.sha256) unchanged.push(file);
    else uploads.push({ file, change: held === undefined ? 'new' : 'changed' });
  }
  const wanted = new Set(files.map((f) => f.path));
  const remove = [...state.files.keys()].filter((p) => !wanted.has(p)).sort();
  const waves = [
    uploads.filter((u) => !u.file.feed),
    uploads.filter((u) => u.file.feed && !isSubscriptionDocument(u.file.path)),
    uploads.filter((u) => u.file.feed && isSubscriptionDocument(u.file.path)),
  ].filter((wave) => wave.length > 0);
  const manifest: Manifest = { version: 1, files: files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) };
  const deleteWaves = [remove.filter((p) => !isNamedFile(p)), remove.filter(isNamedFile)].filter((wave) => wave.length > 0);
  return {
    waves,
    delete: remove,
    deleteWaves,
    unchanged,
    manifest,
    writeManifest: uploads.length > 0 || remove.length > 0 || state.manifestText !== serializeManifest(manifest),
  };
}

/** The bytes of a manifest, formatted as `dist/manifest.json` is, so equal manifests are equal files. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
