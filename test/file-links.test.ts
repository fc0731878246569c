import test from 'ava';
import path from 'node:path';
import { buildSite, checkSite } from '../src/build.js';
import { frontMatter, listFiles, NOW, readText, writeSite } from './helpers.js';

const ID = 'notices/2026-05-13-test';
const PAGE_URL = 'https://example.go.kr/news/ko/2026-05-13-test/';

test('links to a file with & and # in its name should work encoded or as written, from Markdown and raw HTML', async (t) => {
  const cwd = await writeSite({
    [`${ID}/ko.md`]: frontMatter({ attachments: '\n  - file: "files/Q&A #1.pdf"\n    title: 질의응답' }, [
      '본문.',
      '',
      '[인코딩](files/Q%26A%20%231.pdf) [그대로](<files/Q&A #1.pdf>) <a href="files/Q&A #1.pdf">HTML</a>',
      '',
      '[3쪽](files/guide.pdf#page=3) [질의](<files/guide.pdf?v=2>)',
    ].join('\n')),
    [`${ID}/files/Q&A #1.pdf`]: '%PDF-1.7 qa',
    [`${ID}/files/guide.pdf`]: '%PDF-1.7 guide',
  });
  const checked = await checkSite({ cwd });
  t.deepEqual(checked.files.flatMap((f) => f.messages).filter((m) => m.fatal).map((m) => m.reason), []);
  const result = await buildSite({ cwd, now: NOW, pdf: false });
  t.true(result.ok);
  const out = path.join(cwd, 'dist');
  const html = await readText(out, 'ko/2026-05-13-test/index.html');
  const hrefs = [...html.matchAll(/href="(files\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  t.deepEqual(hrefs, [
    'files/Q%26A%20%231.pdf', 'files/Q%26A%20%231.pdf', 'files/Q%26A%20%231.pdf',
    'files/guide.pdf#page=3', 'files/guide.pdf?v=2',
    'files/Q%26A%20%231.pdf', // the attachment list
  ]);
  const published = new Set(await listFiles(out));
  for (const href of hrefs) {
    // What a browser asks the server for, as a path in dist/.
    const file = decodeURIComponent(new URL(href, PAGE_URL).pathname).replace('/news/', '');
    t.true(published.has(file), `${href} → ${file}`);
  }
});

test('a link to a file that is not there should name the path it looked for', async (t) => {
  const cwd = await writeSite({ [`${ID}/ko.md`]: frontMatter({}, '본문.\n\n[없음](<files/Q&A #2.pdf>)') });
  const { files } = await checkSite({ cwd });
  const m = files.flatMap((f) => f.messages).find((x) => x.ruleId === 'body-link');
  t.is(m?.reason, '`files/Q&A #2.pdf` is linked here but there is no such file: put it at `notices/2026-05-13-test/files/Q&A #2.pdf`, or fix the link');
});
