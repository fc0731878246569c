import test from 'ava';
import * as gongbo from '../src/index.js';

test('should expose exactly the documented public API', (t) => {
  t.deepEqual(Object.keys(gongbo).sort(), ['CONFIG_FILE', 'FolderLockedError', 'LICENSE_IDS', 'LOCALES', 'MirrorError', 'OutDirError', 'PushRefusedError', 'buildSite', 'checkSite', 'createNotice', 'findNextEmbargo', 'isLocale', 'loadConfig', 'publishSite', 'pushSite', 'serveSite', 'watchPublish']);
});

test('should throw a TypeError naming the option when misused', async (t) => {
  await t.throwsAsync(gongbo.buildSite({ cwd: 42 as unknown as string }), { instanceOf: TypeError, message: 'Expected `options.cwd` to be a folder path, got `42` (number)' });
  await t.throwsAsync(gongbo.checkSite({ cwd: '.', now: new Date('nope') }), { instanceOf: TypeError, message: /Expected `options.now` to be a valid Date/ });
});
