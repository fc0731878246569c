// The feed stage's entry points for the build.
export { renderFeeds, type RenderFeedsOptions } from './render-feeds.js';
export { listFeedLinks } from './list-feed-links.js';
export { measurePdfs } from './measure-pdfs.js';
