#!/usr/bin/env python3
"""Parse every RSS/Atom feed under a dist folder with feedparser (Debian's python3-feedparser).

Usage: python3 .ci/feeds-check.py DIST

Prints one line per feed. Exits 1 if any *.xml file is not well-formed (feedparser's `bozo`),
if a feed has no language or no rights/copyright naming KOGL, or if no feed is found at all.
Other XML files (sitemap.xml) are listed as skipped.
"""
import pathlib
import sys

try:
    import feedparser
except ImportError:
    sys.exit("feeds-check: feedparser is missing; install python3-feedparser (apt-get install python3-feedparser)")


def check(path):
    """Return (status, detail) for one file: status is 'ok', 'skip' or 'FAIL'."""
    # Parsing bytes, never the path: feedparser would treat a string as a URL it may fetch.
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        return "FAIL", "not well-formed: %s" % parsed.bozo_exception
    if not parsed.version:
        return "skip", "not a feed"
    problems = []
    language = parsed.feed.get("language")
    rights = parsed.feed.get("rights", "")
    if not language:
        problems.append("no language")
    if not rights:
        problems.append("no rights/copyright")
    elif "kogl" not in rights.lower() and "공공누리" not in rights:
        problems.append("rights do not name KOGL: %r" % rights)
    for entry in parsed.entries:
        if not entry.get("id"):
            problems.append("an entry has no id (%r)" % entry.get("title"))
        if not entry.get("title"):
            problems.append("an entry has no title (%r)" % entry.get("id"))
    detail = "%s, language %s, %d entries" % (parsed.version, language, len(parsed.entries))
    if problems:
        return "FAIL", "%s: %s" % (detail, "; ".join(problems))
    return "ok", detail


def main(argv):
    if len(argv) != 2 or not pathlib.Path(argv[1]).is_dir():
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = pathlib.Path(argv[1])
    feeds = failures = 0
    for path in sorted(root.rglob("*.xml")):
        status, detail = check(path)
        print("%-4s %s  (%s)" % (status, path.relative_to(root), detail))
        if status != "skip":
            feeds += 1
        if status == "FAIL":
            failures += 1
    if feeds == 0:
        print("feeds-check: no feeds found under %s" % root, file=sys.stderr)
        return 1
    print("feeds-check: %d feeds, %d failed" % (feeds, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
