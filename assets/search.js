// gongbo's search page: reads the form, asks this language's Pagefind index, lists the notices found.
// Everything it loads comes from the site itself (the index sits beside the page, in pagefind/).
const PAGE_SIZE = 10;

const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const category = document.getElementById('search-category');
const year = document.getElementById('search-year');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
const text = form.dataset;

let pagefind;
let shown = [];
let generation = 0;

function fill(template, values) {
  return template.replace(/%COUNT%/g, String(values.count ?? '')).replace(/%QUERY%/g, values.query ?? '');
}

/** Pagefind's excerpt is HTML with <mark> around the words found: keep the text and the marks only. */
function excerptNodes(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  const nodes = [];
  for (const node of template.content.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent ?? ''));
    }
  }
  return nodes;
}

function categoryLabel(value) {
  for (const option of category.options) if (option.value === value) return option.textContent;
  return value;
}

/** Pagefind's URLs are from the site's root ("/ko/<id>/"); the page is two folders down. */
function hrefOf(url) {
  return `../../${url.replace(/^\/+/, '')}`;
}

async function showMore(run) {
  const batch = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (run !== generation) return;
  for (const page of data) {
    const item = document.createElement('li');
    item.className = 'search-result';
    const heading = document.createElement('h2');
    const link = document.createElement('a');
    link.href = hrefOf(page.url);
    link.textContent = page.meta.title ?? page.url;
    heading.append(link);
    const facts = document.createElement('p');
    facts.className = 'search-result-meta';
    facts.textContent = [page.meta.date, ...(page.filters.category ?? []).map(categoryLabel)].filter(Boolean).join(' · ');
    const excerpt = document.createElement('p');
    excerpt.className = 'search-result-excerpt';
    excerpt.append(...excerptNodes(page.excerpt));
    item.append(heading, facts, excerpt);
    list.append(item);
  }
  list.hidden = list.children.length === 0;
  more.hidden = list.children.length >= shown.length;
}

/**
 * The index is cut into bundles of a few months (an edit rebuilds one bundle), listed by the page
 * newest first: the newest is the one searched, with the others merged into it. Merged bundles share
 * its WebAssembly; each costs its entry, its metadata and, per word searched, one chunk.
 */
async function load() {
  const names = text.bundles.split(' ').filter(Boolean);
  if (names.length === 0) return undefined; // no notice in this language yet: nothing to find
  const bundle = (name) => new URL(`${text.bundle}${name}/`, document.baseURI).href;
  const loaded = await import(`${bundle(names[0])}pagefind.js`);
  // Pagefind would put its own folder before the URLs the build gave it; they are from the root.
  await loaded.options({ baseUrl: '/' });
  await Promise.all(names.slice(1).map((name) => loaded.mergeIndex(bundle(name), { baseUrl: '/' })));
  return loaded;
}

async function search() {
  const run = ++generation;
  const query = input.value.trim();
  const filters = {};
  if (category.value) filters.category = category.value;
  if (year.value) filters.year = year.value;
  list.replaceChildren();
  list.hidden = true;
  more.hidden = true;
  if (!query && Object.keys(filters).length === 0) {
    status.textContent = '';
    return;
  }
  status.textContent = text.searching;
  try {
    pagefind ??= await load();
    // Without words, the filters alone choose: newest first, as the listings are.
    const found = pagefind ? await pagefind.search(query || null, { filters, ...(query ? {} : { sort: { date: 'desc' } }) }) : { results: [] };
    if (run !== generation) return;
    shown = found.results;
    if (shown.length === 0) {
      status.textContent = query ? fill(text.none, { query }) : text.noneFiltered;
      return;
    }
    await showMore(run);
    if (run !== generation) return;
    // Said once the results are on the page, so that a screen reader's next move finds them.
    status.textContent = query ? fill(text.results, { count: shown.length, query }) : fill(text.filtered, { count: shown.length });
  } catch (error) {
    if (run !== generation) return;
    status.textContent = text.failed;
    console.error(error);
  }
}

/** The form's fields as the address has them, so that a search can be linked, shared and reloaded. */
function readAddress() {
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  category.value = params.get('category') ?? '';
  year.value = params.get('year') ?? '';
  if (category.selectedIndex < 0) category.value = '';
  if (year.selectedIndex < 0) year.value = '';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  if (input.value.trim()) params.set('q', input.value.trim());
  if (category.value) params.set('category', category.value);
  if (year.value) params.set('year', year.value);
  const query = params.toString();
  history.pushState(null, '', query ? `?${query}` : location.pathname);
  void search();
});
more.addEventListener('click', () => {
  const next = list.children.length;
  void showMore(generation).then(() => list.children[next]?.querySelector('a')?.focus());
});
addEventListener('popstate', () => {
  readAddress();
  void search();
});

readAddress();
void search();
