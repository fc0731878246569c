// Eleventy 3 + its RSS plugin, building the bench's generated notices (`npm run bench -- site`):
// a page per notice per language, a listing of 10 a page and Atom, RSS and JSON feeds per language,
// the nearest Eleventy site to what gongbo builds. The bench runs it from the generated input folder.
import { feedPlugin } from '@11ty/eleventy-plugin-rss';

const FEED_SIZE = 50; // as gongbo's subscription feeds
const SITE = 'https://www.msit.go.kr/gongbo/';
const NAMES = { ko: '과학기술정보통신부 보도자료', en: 'Ministry of Science and ICT press releases' };

export default function (eleventyConfig) {
  for (const lang of ['ko', 'en']) {
    for (const type of ['atom', 'rss', 'json']) {
      eleventyConfig.addPlugin(feedPlugin, {
        type,
        outputPath: `/${lang}/${{ atom: 'atom.xml', rss: 'rss.xml', json: 'feed.json' }[type]}`,
        inputPath: `feed-${lang}-${type}.njk`,
        collection: { name: `notices-${lang}`, limit: FEED_SIZE },
        metadata: {
          language: lang,
          title: NAMES[lang],
          subtitle: NAMES[lang],
          base: SITE,
          author: { name: lang === 'ko' ? '과학기술정보통신부' : 'Ministry of Science and ICT' },
        },
      });
    }
  }
  eleventyConfig.addFilter('isoDate', (date) => date.toISOString());
  return {
    dir: { input: '.', includes: '_includes', output: '_site' },
    markdownTemplateEngine: false,
  };
}
