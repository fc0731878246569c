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
