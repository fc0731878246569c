// gongbo's public API: the pipeline entry points and the types they take and return.
export { buildSite, checkSite, type BuildResult, type CheckResult } from './build.js';
export { loadConfig, CONFIG_FILE } from './config/load-config.js';
export { LOCALES, LICENSE_IDS, isLocale } from './model.js';
export type { BuildOptions, Locale, LicenseId, Notice, NoticeMeta, SiteConfig, MirrorConfig } from './model.js';
export type { Manifest, ManifestEntry } from './write/write-site.js';
export { OutDirError } from './write/check-out-dir.js';
export { FolderLockedError, type LockHolder } from './write/lock-folder.js';
export { pushSite, type PushOptions, type PushResult } from './push/push-site.js';
export { PushRefusedError, MirrorError } from './push/push-errors.js';
export { publishSite, type PublishOptions, type PublishResult } from './publish/publish-site.js';
export { watchPublish, type WatchOptions, type WatchEvent } from './publish/watch-publish.js';
export { findNextEmbargo, type NextEmbargo } from './publish/next-embargo.js';
export { serveSite, type ServeOptions, type RunningServer } from './serve/serve-site.js';
export { createNotice, type NewNoticeOptions } from './new/create-notice.js';
