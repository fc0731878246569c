import test from 'ava';
import { createI18n } from '../src/i18n/create-i18n.js';
import { writeSite } from './helpers.js';

test('a site\'s locales should override gongbo\'s strings key by key', async (t) => {
  const site = await writeSite({ 'locales/en.json': JSON.stringify({ listing: { title: 'News' }, category: { speech: 'Speech' } }) });
  const translate = createI18n(site);
  t.is(translate.en('listing.title'), 'News');
  t.is(translate.en('listing.next'), 'Next page', 'keys the site does not override keep gongbo\'s text');
  t.is(translate.en('category.speech'), 'Speech');
  t.is(translate.ko('listing.title'), '보도자료');
});

test('a missing key should fail loudly in the greppable i18n|MISSING_TRANSLATION shape', async (t) => {
  const translate = createI18n(await writeSite({}));
  t.throws(() => translate.ko('no.such.key'), { message: /^i18n\|MISSING_TRANSLATION\|ko\|no\.such\.key$/ });
});

test('a key looked up with a default should fall back to it without failing', async (t) => {
  const translate = createI18n(await writeSite({}));
  t.is(translate.en('category.speech', { defaultValue: 'speech' }), 'speech');
});

test('check should report a site\'s broken locales at their line, and a group overridden by text', async (t) => {
  const { checkSite } = await import('../src/build.js');
  const broken = await writeSite({ 'locales/ko.json': '{\n  "listing": {\n    "title": "소식"\n  },,\n}\n', 'locales/en.json': '{"kogl": "KOGL"}' });
  const result = await checkSite({ cwd: broken });
  t.false(result.ok);
  const messages = result.files.flatMap((f) => f.messages.map((m) => ({ file: f.path, line: m.line, rule: m.ruleId, reason: m.reason })));
  t.like(messages.find((m) => m.rule === 'locales-json'), { file: 'locales/ko.json', line: 4 });
  t.regex(messages.find((m) => m.rule === 'locales-shape')!.reason, /`kogl` is a group of strings in gongbo's locales: override its keys one by one/);
});

test('check should warn about a misspelt key and reject a broken placeholder in a site\'s locales', async (t) => {
  const { checkSite } = await import('../src/build.js');
  const cwd = await writeSite({ 'locales/en.json': JSON.stringify({ site: { titel: 'News', title: '{{publisher}} news' }, listing: { page: 'Page {{n}' }, category: { speech: 'Speech' } }) });
  const result = await checkSite({ cwd });
  const messages = result.files.flatMap((f) => f.messages);
  t.like(messages.find((m) => m.ruleId === 'locales-unknown-key'), { fatal: false, reason: '`site.titel` is not a string gongbo uses, so it changes nothing: did you mean `site.title`?' });
  t.like(messages.find((m) => m.ruleId === 'locales-placeholder'), { fatal: true });
  t.regex(messages.find((m) => m.ruleId === 'locales-placeholder')!.reason, /`listing\.page` has a broken or unknown \{\{placeholder\}\}: gongbo fills in \{\{n\}\}/);
  t.is(messages.length, 2, 'a new category and a correct override say nothing');
});
