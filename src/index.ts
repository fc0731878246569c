// gongbo's public API: the pipeline entry points and the types they take and return.
export { buildSite, checkSite, type BuildResult, type CheckResult } from './build.js';
export { loadConfig, CONFIG_FILE } from './config/load-config.js';
export { LOCALES, LICENSE_IDS, isLocale } from './model.js';
export type { BuildOptions, Locale, LicenseId, Notice, NoticeMeta, SiteConfig, MirrorConfig } from './model.js';
export type { Manifest, ManifestEntry } from './write/write-site.js';
