// What a cold build cannot go below with the Markdown stack it is built on: the bench's bodies turned
// into HTML by the plainest unified pipeline (remark-parse, remark-gfm, remark-rehype,
// hast-util-to-html; none of gongbo's own plugins, no sanitising, no page), beside markdown-it, the
// parser Eleventy renders the same bodies with. Both in the bench's process, on one thread.
import { createRequire } from 'node:module';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import { toHtml } from 'hast-util-to-html';
import { LOCALES, type GeneratedNotice } from './corpus.js';

export interface MarkdownFloor {
  /** Markdown files turned into HTML (one per notice and language). */
  files: number;
  /** The fastest of the rounds, for all files, in ms. */
  unifiedMs: number;
  markdownItMs: number;
}

/** Rounds of each, alternated; the fastest counts (the first warms the JIT, the others meet noise). */
const ROUNDS = 3;

interface MarkdownIt {
  render(text: string): string;
}

/**
 * `eleventyDir`: Eleventy's package folder. Its own markdown-it is used, made as Eleventy 3 makes
 * it (`html: true`), so that the comparison stays right when either is updated.
 */
export function measureMarkdownFloor(notices: readonly GeneratedNotice[], eleventyDir: string): MarkdownFloor {
  const bodies = notices.flatMap((notice) => LOCALES.map((locale) => notice.body[locale]));
  const MarkdownItClass = createRequire(path.join(eleventyDir, 'cmd.cjs'))('markdown-it') as new (options: object) => MarkdownIt;
  const markdownIt = new MarkdownItClass({ html: true });
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true });
  const viaUnified = (body: string) => toHtml(processor.runSync(processor.parse(body)), { allowDangerousHtml: true });
  const viaMarkdownIt = (body: string) => markdownIt.render(body);
  const time = (render: (body: string) => string) => {
    const started = performance.now();
    let length = 0;
    for (const body of bodies) length += render(body).length;
    // Used, so that no engine could skip the work.
    if (length === 0) throw new Error('markdown-floor: every body rendered empty');
    return performance.now() - started;
  };
  let unifiedMs = Number.POSITIVE_INFINITY;
  let markdownItMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    unifiedMs = Math.min(unifiedMs, time(viaUnified));
    markdownItMs = Math.min(markdownItMs, time(viaMarkdownIt));
  }
  return { files: bodies.length, unifiedMs, markdownItMs };
}
