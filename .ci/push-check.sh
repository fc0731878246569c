#!/usr/bin/env bash
# CI: `gongbo push` end to end against nginx's WebDAV module on loopback (nginx must be installed).
# Two mirrors: iris (create_full_put_path on) and iitp (off, so push must MKCOL its folders).
# Checks: files byte-identical to dist/, a second push sends no PUT, an edit sends only what
# changed, a wrong password fails without being printed. Usage: bash .ci/push-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
export NO_COLOR=1

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || { echo "push-check: nginx is not installed (apt-get install nginx)" >&2; exit 1; }
[[ -f lib/src/push/push-command.js ]] || npm run compile --silent

WORK=$(mktemp -d)
cleanup() {
  [[ -f $WORK/nginx.pid ]] && "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf -- '-- %s\n' "$*"; }
fail() {
  echo "push-check: FAILED: $*" >&2
  [[ -f $WORK/error.log ]] && tail -n 5 "$WORK/error.log" >&2
  exit 1
}

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PASSWORD="pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
WRONG="wrong-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

step "nginx with WebDAV on 127.0.0.1:$PORT"
mkdir -p "$WORK/www/iris" "$WORK/www/iitp" "$WORK/tmp"
if HASH=$(openssl passwd -apr1 "$PASSWORD" 2>/dev/null); then
  printf 'pusher:%s\n' "$HASH" >"$WORK/htpasswd"
else
  printf 'pusher:{PLAIN}%s\n' "$PASSWORD" >"$WORK/htpasswd"
fi
# Workers write the mirror files: as root they'd run as nobody, who can't write into $WORK.
cat >"$WORK/nginx.conf" <<EOF
user $(id -un) $(id -gn);
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 64; }
http {
  log_format gongbo '\$request_method \$status \$request_uri';
  access_log $WORK/access.log gongbo;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  client_max_body_size 200m;
  server {
    listen 127.0.0.1:$PORT;
    root $WORK/www;
    auth_basic "gongbo mirrors";
    auth_basic_user_file $WORK/htpasswd;
    dav_methods PUT DELETE MKCOL COPY MOVE;
    dav_access user:rw group:r all:r;
    location /iris/ { create_full_put_path on; }
    location /iitp/ { create_full_put_path off; }
  }
}
EOF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" 2>/dev/null || { cat "$WORK/error.log" >&2; fail "nginx did not start"; }
for _ in $(seq 50); do
  node -e "fetch('http://127.0.0.1:$PORT/').then(()=>process.exit(0),()=>process.exit(1))" && break
  sleep 0.1
done

step "a site folder from the sample notices, mirrors on nginx"
SITE=$WORK/site
mkdir -p "$SITE"
cp -R notices "$SITE/"
[[ -d locales ]] && cp -R locales "$SITE/"
node --input-type=module - "$REPO/gongbo.config.yaml" "$SITE/gongbo.config.yaml" "$PORT" <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(`${process.cwd()}/package.json`);
const { parseDocument } = require('yaml');
const [from, to, port] = process.argv.slice(2);
const doc = parseDocument(readFileSync(from, 'utf8'));
doc.set('mirrors', doc.createNode({
  iris: {
    url: `http://127.0.0.1:${port}/iris/`, public_url: 'https://www.iris.go.kr/msit/',
    languages: ['ko', 'en'], categories: ['call-for-proposals', 'press-release'],
    auth: { username_env: 'IRIS_USER', password_env: 'IRIS_PASSWORD' },
  },
  iitp: {
    url: `http://127.0.0.1:${port}/iitp/`, public_url: 'https://www.iitp.kr/msit/',
    languages: ['ko'], categories: ['call-for-proposals', 'press-release', 'notice'],
    auth: { username_env: 'IITP_USER', password_env: 'IITP_PASSWORD' },
  },
}));
writeFileSync(to, String(doc));
EOF
NOW=2026-11-29T12:00:00+09:00
BUILD_FLAGS=(--now "$NOW" --quiet)
[[ ${PUSH_CHECK_PDF:-1} == 0 ]] && BUILD_FLAGS+=(--no-pdf)
node bin/gongbo.js build --cwd "$SITE" "${BUILD_FLAGS[@]}"

# `gongbo push` once the CLI has it; until then the same code through its library entry.
if node bin/gongbo.js --help 2>/dev/null | grep -Eq '^ +push\b'; then
  push() { node "$REPO/bin/gongbo.js" push "$@"; }
else
  cat >"$WORK/push.mjs" <<EOF
import { runPush } from '$REPO/lib/src/push/push-command.js';
const args = process.argv.slice(2);
const opts = { cwd: '.', mirror: [], dryRun: false };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cwd') opts.cwd = args[++i];
  else if (args[i] === '--mirror') opts.mirror.push(args[++i]);
  else if (args[i] === '--dry-run') opts.dryRun = true;
}
process.exitCode = await runPush(opts, { stdout: process.stdout, stderr: process.stderr, env: process.env });
EOF
  push() { node "$WORK/push.mjs" "$@"; }
fi
export IRIS_USER=pusher IITP_USER=pusher IRIS_PASSWORD=$PASSWORD IITP_PASSWORD=$PASSWORD

# Every file of each mirror matches its manifest and dist/, the mirror holds nothing else, and no
# feed entry links a file the mirror lacks.
verify() {
  node --input-type=module - "$SITE/dist" "$WORK/www" <<'EOF'
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
const [dist, www] = process.argv.slice(2);
const publicUrls = { iris: 'https://www.iris.go.kr/msit/', iitp: 'https://www.iitp.kr/msit/' };
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const walk = (dir, base = dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory()
  ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]);
let problems = 0;
const problem = (text) => { problems++; console.error(`  ${text}`); };
for (const mirror of ['iris', 'iitp']) {
  const root = path.join(www, mirror);
  const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    // A mirror's own feeds come from dist/mirrors/<mirror>/; everything else keeps its dist/ path.
    const inDist = existsSync(path.join(dist, 'mirrors', mirror, f.path)) ? `mirrors/${mirror}/${f.path}` : f.path;
    if (!existsSync(path.join(root, f.path))) { problem(`${mirror}: ${f.path} is missing`); continue; }
    const got = sha(path.join(root, f.path));
    if (got !== f.sha256) problem(`${mirror}: ${f.path} differs from its manifest entry`);
    if (got !== sha(path.join(dist, inDist))) problem(`${mirror}: ${f.path} differs from dist/${inDist}`);
  }
  for (const file of walk(root)) if (file !== 'manifest.json' && !listed.has(file)) problem(`${mirror}: holds ${file}, not in its manifest`);
  if (mirror === 'iitp' && [...listed].some((p) => p.startsWith('en/'))) problem('iitp takes Korean only, but holds English files');
  const feeds = [...listed].filter((p) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(p) && !/^(ko|en)\/\d{4}-/.test(p));
  let links = 0;
  for (const feed of feeds) {
    const text = readFileSync(path.join(root, feed), 'utf8');
    // An entry's links: RSS <link> and <enclosure url>, Atom <link href>, JSON Feed url and attachments.
    const urls = feed.endsWith('.json')
      ? (JSON.parse(text).items ?? []).flatMap((i) => [i.url, ...(i.attachments ?? []).map((a) => a.url)])
      : (text.match(/<(item|entry)\b[\s\S]*?<\/\1>/g) ?? []).flatMap((block) => [
        ...[...block.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1].trim()),
        ...[...block.matchAll(/<(?:link|enclosure)\b[^>]*?\b(?:href|url)="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')),
      ]);
    for (const url of urls) {
      if (!url || !url.startsWith(publicUrls[mirror])) continue;
      let target = decodeURIComponent(url.slice(publicUrls[mirror].length).replace(/[?#].*$/, ''));
      if (target === '' || target.endsWith('/')) target += 'index.html';
      links++;
      if (!existsSync(path.join(root, target))) problem(`${mirror}: ${feed} links to ${url}, missing on the mirror`);
    }
  }
  console.log(`  ${mirror}: ${manifest.files.length} files match dist/ byte for byte; ${feeds.length} feed documents, ${links} links under ${publicUrls[mirror]} all present`);
}
process.exit(problems > 0 ? 1 : 0);
EOF
}

# Requests nginx logged since line $1: "METHOD STATUS URI" lines.
requests_since() { tail -n +"$(( $1 + 1 ))" "$WORK/access.log"; }
log_lines() { wc -l <"$WORK/access.log"; }

step "first push"
START=$(date +%s.%N)
push --cwd "$SITE" || fail "the first push failed"
END=$(date +%s.%N)
verify || fail "the mirrors differ from dist/"
echo "  $(grep -c '^PUT 20' "$WORK/access.log") PUTs, $(grep -c '^MKCOL 201' "$WORK/access.log") MKCOLs; $(node -e "console.log(($END-$START).toFixed(1))") s"

step "second push: nothing to send"
MARK=$(log_lines)
push --cwd "$SITE" || fail "the second push failed"
if requests_since "$MARK" | grep -Ev '^(GET|HEAD) ' ; then fail "the second push changed something (requests above)"; fi
echo "  $(requests_since "$MARK" | wc -l) requests, all reads"

step "an edit to one notice sends only its files, the feeds and the manifest"
EDITED=$(ls -d "$SITE"/notices/*/ko.md | head -n 1)
ID=$(basename "$(dirname "$EDITED")")
printf '\n편집된 문단입니다.\n' >>"$EDITED"
cp "$SITE/dist/manifest.json" "$WORK/before.json"
node bin/gongbo.js build --cwd "$SITE" "${BUILD_FLAGS[@]}"
MARK=$(log_lines)
push --cwd "$SITE" || fail "the push after the edit failed"
verify || fail "the mirrors differ from dist/ after the edit"
node --input-type=module - "$WORK/before.json" "$SITE/dist/manifest.json" "$ID" <<EOF || fail "the push after the edit sent more than the edit changed"
import { readFileSync } from 'node:fs';
const [before, after, id] = process.argv.slice(2);
const old = new Map(JSON.parse(readFileSync(before, 'utf8')).files.map((f) => [f.path, f.sha256]));
const changed = new Set(JSON.parse(readFileSync(after, 'utf8')).files.filter((f) => old.get(f.path) !== f.sha256).map((f) => f.path));
const log = readFileSync('$WORK/access.log', 'utf8').trim().split('\n').slice($MARK);
// Feeds and the manifest go to .<name>.gongbo-upload beside their place, then MOVE onto their name.
const puts = log.filter((l) => /^PUT 20/.test(l)).map((l) => decodeURIComponent(l.split(' ')[2]).replace(/\/\.([^/]+)\.gongbo-upload\$/, '/\$1'));
let ok = puts.some((p) => p.endsWith(\`/ko/\${id}/index.html\`));
const moves = log.filter((l) => /^MOVE 20/.test(l)).length;
if (moves === 0) { ok = false; console.error('  no MOVE: feeds and the manifest should be moved into place'); }
for (const put of puts) {
  const [, mirror, ...rest] = put.split('/');
  const file = rest.join('/');
  const expected = file === 'manifest.json' || file === '.gongbo-push.json' || file === '.gongbo-push.lock/owner.json' || changed.has(file) || changed.has(\`mirrors/\${mirror}/\${file}\`);
  if (!expected) { ok = false; console.error(\`  unexpected PUT \${put}\`); }
}
console.log(\`  \${puts.length} PUTs (journal and manifest included), \${moves} MOVEs into place, for \${changed.size} changed files in dist/\`);
process.exit(ok ? 0 : 1);
EOF

step "a wrong password fails, naming the variables, never the password"
set +e
OUTPUT=$(IITP_PASSWORD=$WRONG push --cwd "$SITE" --mirror iitp 2>&1)
CODE=$?
set -e
echo "$OUTPUT" | sed 's/^/  /'
[[ $CODE -ne 0 ]] || fail "a wrong password should fail"
grep -q 'mirror iitp refused the credentials from IITP_USER/IITP_PASSWORD' <<<"$OUTPUT" || fail "the refusal should name IITP_USER/IITP_PASSWORD"
grep -qF -- "$WRONG" <<<"$OUTPUT" && fail "the wrong password was printed"
grep -qF -- "$PASSWORD" <<<"$OUTPUT" && fail "the password was printed"
grep -qE '^\s+at ' <<<"$OUTPUT" && fail "a stack trace was printed"
grep -rqF -- "$PASSWORD" "$WORK/www" && fail "the password was written to a mirror"

echo "push-check: all checks passed"
