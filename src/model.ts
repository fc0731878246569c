// The data that flows between pipeline stages: config, notice sources, compiled notices.
import type { VFile } from 'vfile';
import type { PdfProgress } from './render/pdf/render-pdfs.js';
import type { LockHolder } from './write/lock-folder.js';

/** A language gongbo publishes in. Every per-language behaviour is data keyed by this type. */
export type Locale = 'ko' | 'en';
export const LOCALES: readonly Locale[] = ['ko', 'en'];

export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en';
}

/** KOGL (공공누리) types 1 to 4. */
export type LicenseId = 'kogl-1' | 'kogl-2' | 'kogl-3' | 'kogl-4';
export const LICENSE_IDS: readonly LicenseId[] = ['kogl-1', 'kogl-2', 'kogl-3', 'kogl-4'];

export type Status = 'published' | 'draft' | 'withdrawn';

/** A point in time as written in the source, with its parsed instant. */
export interface Instant {
  /** The ISO 8601 text as written, e.g. `2026-05-13T12:00:00+09:00`. */
  iso: string;
  /** Milliseconds since the epoch. */
  ms: number;
}

export interface Contact {
  name: string;
  phone?: string;
  email?: string;
}

export interface Attachment {
  /** Path inside the notice folder, e.g. `files/guidelines.pdf`. */
  file: string;
  title: string;
  /** Size in bytes, read when the notice is loaded. */
  size: number;
}

export interface Change {
  date: Instant;
  note: string;
}

export interface Withdrawal {
  date: Instant;
  reason: string;
}

/** Front matter of one language file, validated. */
export interface NoticeMeta {
  title: string;
  subtitle: string[];
  date: Instant;
  updated?: Instant;
  department: string;
  contacts: Contact[];
  category: string;
  tags: string[];
  license: LicenseId;
  attachments: Attachment[];
  status: Status;
  withdrawn?: Withdrawal;
  changes: Change[];
  mirrors?: string[];
}

/** One language file of a notice, after validation. */
export interface NoticeVersion {
  locale: Locale;
  file: VFile;
  meta: NoticeMeta;
}

/** A notice: its folder and the language files it has. */
export interface Notice {
  id: string;
  /** Folder relative to the site root, e.g. `notices/2026-03-12-ai-hub`. */
  dir: string;
  versions: Partial<Record<Locale, NoticeVersion>>;
  /**
   * Files in the folder besides the language files that may be published, relative to it and in
   * NFC (e.g. `files/guide.pdf`).
   */
  assets: string[];
  /** Where an asset is on disk when its name there differs in Unicode form (NFD, as macOS writes it). */
  diskNames?: Record<string, string>;
}

export interface MirrorAuth {
  usernameEnv?: string;
  passwordEnv?: string;
  tokenEnv?: string;
}

/** Where push writes, and how: what a mirror and the origin's deploy target (`site.deploy`) share. */
export interface PushTarget {
  /** A `file:` folder or an http(s) WebDAV URL. */
  url: string;
  auth?: MirrorAuth;
  /** `timeout`: time one request may take before it is tried again. */
  timeoutMs?: number;
  /** `retry_budget`: no new try of a request starts once this much time has passed since its first. */
  retryBudgetMs?: number;
  /** `lock_wait`: how long a push waits while another push holds the mirror. */
  lockWaitMs?: number;
}

export interface MirrorConfig extends PushTarget {
  name: string;
  publicUrl: string;
  languages: Locale[];
  categories: string[];
}

/**
 * The name push gives the origin (`site.deploy`) among the mirrors: in `--mirror`, results and
 * events. No mirror may take it while `site.deploy` is set.
 */
export const ORIGIN = 'origin';

export interface SiteConfig {
  /** Folder of the site (where `gongbo.config.yaml` is). */
  root: string;
  site: {
    /** Origin base URL, always ending in `/`. */
    url: string;
    publisher: Record<Locale, string>;
    license: LicenseId;
    /** IANA time zone used to show release times. */
    timeZone: string;
    /** Notices per listing page. */
    perPage: number;
    /** `deploy`: where `gongbo push` deploys the origin itself (everything built but `mirrors/`), before the mirrors. */
    deploy?: PushTarget;
  };
  categories: string[];
  hubs: string[];
  mirrors: MirrorConfig[];
  /** What `gongbo new` fills in. */
  defaults: {
    department: Partial<Record<Locale, string>>;
    category: string;
  };
}

/** The `--now` and output options of one build. */
export interface BuildOptions {
  /** Folder of the site. */
  cwd: string;
  /** Output folder, relative to `cwd` unless absolute. Default `dist`. */
  out?: string;
  /** "Now" for embargo decisions. Default: the clock. */
  now?: Date;
  /**
   * Render PDFs. Default `true`. `'on-demand'` links them from pages without rendering them (for
   * `serve`, which renders each one when it is asked for).
   */
  pdf?: boolean | 'on-demand';
  /**
   * Render each notice's social card (`og:image`, 1200×630 PNG), with the same Chromium as PDFs.
   * Default: when PDFs are rendered (`pdf` unset or `true`); pages point only to cards the build has.
   */
  cards?: boolean;
  /** Include drafts and embargoed notices, marked "not published" (for `serve --drafts`, never for dist/). */
  preview?: boolean;
  /**
   * Origin URL to build for instead of the config's `site.url` (for `serve`, whose pages must link
   * to the preview, not to the live site). Default: the config's.
   */
  siteUrl?: string;
  /** Called once per PDF when it is ready, from the cache or printed. Default: nothing. */
  onPdfProgress?: (progress: PdfProgress) => void;
  /** Called once per social card when it is ready, from the previous build, the cache or taken. Default: nothing. */
  onCardProgress?: (progress: PdfProgress) => void;
  /**
   * Keep the previous build's search bundle whose notices changed, out of date, instead of
   * making it again (for `serve`: an edit shows at once; a build without it brings the index up to
   * date). Default `false`.
   */
  staleSearch?: boolean;
  /**
   * Most notices in one search bundle of several months (a month with more is a bundle alone): an
   * edit makes its bundle's index again. Default `100`.
   */
  searchBundleNotices?: number;
  /** Milliseconds to wait for another process writing the same output folder. Default `30_000`. */
  lockWait?: number;
  /** Called when the output folder is locked by another live process and the build starts waiting. Default: nothing. */
  onLockWait?: (holder: LockHolder | undefined) => void;
}
