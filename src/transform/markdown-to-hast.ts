// Turns a notice's Markdown body into a sanitised HTML tree (unified: remark → rehype).
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { gfmOptions } from './gfm-options.js';
import { remarkGfmLazyAutolinks } from './remark-gfm-lazy-autolinks.js';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import type { Root, RootContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { VFile } from 'vfile';
import { rehypeFragmentLinks } from './rehype-fragment-links.js';
import { rehypeTableAlign } from './rehype-table-align.js';
import { rehypeTableScroll } from './rehype-table-scroll.js';
import { rehypeImageAlt } from './rehype-image-alt.js';
import { rehypeEncodeUrls } from './rehype-encode-urls.js';
import { remarkOutline } from './remark-outline.js';
import { rehypeExternalLinks } from './rehype-external-links.js';
import { rehypeHeadingIds } from './rehype-heading-ids.js';
import type { Translate } from '../i18n/create-i18n.js';

/**
 * GitHub's schema, minus what a press release never needs and a partner must never receive.
 * Validation reads it too, to warn about what it drops.
 */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // Forms and inputs have no place in a release (GitHub keeps task-list checkboxes only).
  tagNames: (defaultSchema.tagNames ?? []).filter((name) => !['input'].includes(name)),
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'], src: ['http', 'https'] },
  // Drop these elements with their content: a stylesheet's text is not prose.
  strip: ['script', 'style'],
  // What remarkOutline writes: the list class and role (kept by VoiceOver despite `list-style: none`),
  // the marker hidden from screen readers (the list says it already), the note class.
  attributes: {
    ...defaultSchema.attributes,
    ul: [...(defaultSchema.attributes?.ul ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className')), ['className', 'contains-task-list', 'outline'], ['role', 'list']],
    p: [['className', 'outline-note']],
    span: [['className', 'outline-marker'], ['ariaHidden', 'true']],
  },
};

/**
 * rehype-raw runs the whole tree through an HTML parser, the costliest step of a compile; a body
 * with no raw HTML in it (most releases) has nothing for it to do.
 */
function rehypeRawIfAny() {
  const raw = rehypeRaw();
  return (tree: Root, file: VFile) => {
    // Raw nodes come from HTML in the text, which starts with `<`.
    return String(file.value).includes('<') && hasRaw(tree) ? raw(tree, file) : tree;
  };
}

function hasRaw(node: Root | RootContent): boolean {
  if (node.type === 'raw') return true;
  return 'children' in node && node.children.some(hasRaw);
}

/** Build the Markdown processor for one language (footnote labels and link hints are translated). */
export function createMarkdownProcessor(t: Translate): Processor<any, any, Root, undefined, undefined> {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm, gfmOptions)
    .use(remarkGfmLazyAutolinks)
    .use(remarkOutline)
    .use(remarkRehype, {
      allowDangerousHtml: true,
      clobberPrefix: '',
      footnoteLabel: t('footnotes.label'),
      footnoteBackLabel: (index: number) => t('footnotes.back', { n: index + 1 }),
    })
    .use(rehypeRawIfAny)
    .use(rehypeHeadingIds)
    // Last of the plugins that can carry author HTML: everything after it adds only what we write.
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeFragmentLinks)
    .use(rehypeTableAlign)
    .use(rehypeTableScroll, { t })
    .use(rehypeImageAlt)
    .use(rehypeEncodeUrls)
    .use(rehypeExternalLinks, { hint: ` (${t('link.external')})` }) as unknown as Processor<any, any, Root, undefined, undefined>;
}

/**
 * Parse and transform `file`'s body (its front matter is skipped by position, not removed).
 * `assets`: the notice's files, so that links to them are written as their published URLs.
 * `parsed`: the tree validation parsed from the same file with the same parser (see
 * `validateNotice`'s `onBody`), which this transforms in place instead of parsing again.
 */
export function markdownToHast(processor: ReturnType<typeof createMarkdownProcessor>, file: VFile, assets: readonly string[] = [], parsed?: MdastRoot): Root {
  const tree = parsed ?? processor.parse(file);
  const work = new VFile({ path: file.path, value: file.value, data: { ...file.data, assets } });
  return processor.runSync(tree, work) as Root;
}
