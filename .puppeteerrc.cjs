// gongbo finds Chromium itself (system first, then @sparticuz/chromium): puppeteer must never download one.
module.exports = { skipDownload: true };
