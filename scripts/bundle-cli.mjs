// `npm run compile`, after tsc: bundles the compiled CLI (lib/src/cli.js) and its dependencies into
// one CommonJS file, lib/bundle/gongbo.cjs. Loading one file (with a V8 code cache, see
// src/bundled-cli.ts) instead of some 800 ES modules is what makes `gongbo --version` start in
// 0.1 s instead of 0.26 s. bin/gongbo.js falls back to lib/src/ when the bundle is missing or stale.
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'lib', 'src');
const outDir = path.join(root, 'lib', 'bundle');
const outfile = path.join(outDir, 'gongbo.cjs');

/**
 * Left to Node's own loader, each for a reason: they find files next to themselves (piscina its
 * worker.js, pagefind its native binary, @sparticuz/chromium its packed Chromium), or are large and
 * loaded only for PDFs (puppeteer, and puppeteer-core under it). gongbo's own files found next to
 * its code (locales/, assets/, fonts via src/package-root.ts, the workers in lib/src/) are reached
 * through each module's own lib/src/ address, see `here` below.
 */
const external = ['puppeteer', 'puppeteer-core', '@sparticuz/chromium', 'pagefind', 'piscina'];

/**
 * `import.meta.url` has no meaning in CommonJS, and gongbo's modules use it to find their
 * neighbours (the pool worker, the search thread, the package root, the code fingerprints): each
 * gets its own lib/src/ file's address back, computed from the bundle's folder at run time so an
 * installed copy anywhere still finds its files.
 */
const here = {
  name: 'gongbo-module-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(lib + path.sep)) return undefined;
      const text = await readFile(args.path, 'utf8');
      const relative = path.relative(outDir, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `__gongboModuleUrl(${JSON.stringify(relative)})`), loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [path.join(lib, 'cli.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Escaped below where esbuild does not, the bundle is pure ASCII: Node reads it as Latin-1, 4 ms
  // faster than as UTF-8. Not minified: an error nobody caught prints its line of code, which must
  // stay one line (minified, a line is a whole package), and names stay as they are.
  charset: 'ascii',
  external,
  // import() of a package left outside (@sparticuz/chromium) becomes require(), which loads its
  // CommonJS build: a vm.Script may import() only through an experimental Node API that prints a
  // warning (USE_MAIN_CONTEXT_DEFAULT_LOADER) or a flag (--experimental-vm-modules).
  supported: { 'dynamic-import': false },
  plugins: [here],
  logLevel: 'silent',
  metafile: true,
  write: false,
});

// A dependency reading `import.meta` would get undefined in the bundle and fail only when that
// code runs: refuse to write such a bundle (make that package external instead).
const meta = result.warnings.filter((w) => /import\.meta/.test(w.text));
if (meta.length > 0) {
  for (const w of meta) console.error(`${w.location?.file}:${w.location?.line}: ${w.text}`);
  await rm(outfile, { force: true });
  process.exit(1);
}

// After "use strict" (a banner would come before it and leave the whole bundle in sloppy mode).
const STRICT = '"use strict";\n';
const output = result.outputFiles[0].text;
if (!output.startsWith(STRICT)) throw new Error('bundle-cli: the bundle does not start with "use strict"');
const moduleUrl = 'const __gongboModuleUrl = (file) => require("node:url").pathToFileURL(require("node:path").join(__dirname, file)).href;\n';

// esbuild escapes strings but leaves regular expressions and comments as written (Hangul ranges,
// `·`, `’`). A \uXXXX escape means the same character in a string, a template, an identifier, a
// comment and a regular expression (a surrogate pair included, with or without the u flag), except
// right after a backslash.
const code = (STRICT + moduleUrl + output.slice(STRICT.length)).replace(/(\\*)([^\x00-\x7f])/g, (all, slashes, char) => {
  if (slashes.length % 2 === 1) throw new Error(`bundle-cli: cannot escape an escaped ${char} in the bundle`);
  return `${slashes}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
});

// The first line names gongbo's files the bundle was made from: a bundle older than any of them
// (`tsc` run alone after an edit) is stale, and bin/gongbo.js then runs lib/src/ instead.
const inputs = Object.keys(result.metafile.inputs).map((file) => path.resolve(root, file))
  .filter((file) => file.startsWith(lib + path.sep)).map((file) => path.relative(outDir, file).split(path.sep).join('/')).sort();
const text = `// gongbo-inputs ${JSON.stringify(inputs)}\n${code}`;
await mkdir(outDir, { recursive: true });
// Written whole or not at all: a command starting meanwhile must not compile half a bundle.
const temp = `${outfile}.${process.pid}.tmp`;
await writeFile(temp, text);
await rename(temp, outfile);

// Code caches of an earlier bundle can never be used again (their names hash the bundle's bytes).
for (const name of await readdir(outDir)) {
  if (name.endsWith('.cache') || name.includes('.cache.')) await rm(path.join(outDir, name), { force: true });
}
