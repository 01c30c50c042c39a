/* Search boxes backed by Pagefind (sphinx_quicktakes/publishing/search.py writes the index and the
   boxes).  A box is a form to the search page, so it works without this script; with it, results
   appear as one types.  Pagefind's chunks are fetched only for the words typed.

   Keyboard: ArrowDown from the field moves into the results, ArrowUp/ArrowDown between them,
   Escape closes the results below a header box and returns to the field.  The count of every match
   ("3 results for ...", "No results for ...") is a polite live region, so screen readers announce
   it.  The search page shows ten results and a "More results" button, which moves the focus to
   the first result it adds.

   Nothing from the index is parsed as HTML: titles and filter values are text (textContent), and of
   Pagefind's excerpt only its <mark> highlights are kept as elements; everything else is text. */
(function () {
  "use strict";

  var loaded = {};
  /* Results the search page shows at first, and adds with each "More results". */
  var SHOWN = 10;

  /* The folder holding a pagefind/ folder (a build's root): its results' URLs are relative to it. */
  function siteRoot(bundle) {
    var root = new URL("..", bundle);
    return root.origin === window.location.origin ? root.pathname : root.href;
  }

  /* pagefind.js at src, with the other builds' bundles (data-qt-pagefind-merge) merged in.  With
     the search page's preloads (tag: their cache tag, see publishing/search.py: fill_preloads),
     Pagefind fetches its files itself, not in its worker: a worker's fetches do not take the
     page's preloaded responses. */
  function load(src, merged, tag) {
    var url = new URL(src, window.location.href).href;
    if (!loaded[url]) {
      loaded[url] = import(url).then(function (pagefind) {
        var options = { baseUrl: siteRoot(new URL(".", url)), excerptLength: 24 };
        if (tag) {
          options.metaCacheTag = tag;
          options.noWorker = true;
        }
        var ready = Promise.resolve(pagefind.options(options));
        merged.forEach(function (path) {
          var bundle = new URL(path, window.location.href);
          ready = ready.then(function () {
            return pagefind.mergeIndex(bundle.href, { baseUrl: siteRoot(bundle), noWorker: !!tag });
          });
        });
        return ready.then(function () {
          return pagefind;
        });
      });
    }
    return loaded[url];
  }

  function mergedBundles(box) {
    try {
      var list = JSON.parse(box.getAttribute("data-qt-pagefind-merge") || "[]");
      return Array.isArray(list) ? list.filter(function (item) { return typeof item === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function label(box, name, values) {
    var text = box.getAttribute("data-label-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function safeUrl(value) {
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" || url.protocol === "file:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /* Pagefind marks the matched words with <mark>; the rest of the excerpt is the page's text. */
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
  function decode(text) {
    return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (entity) {
      return ENTITIES[entity];
    });
  }
  function excerpt(target, html) {
    var parts = String(html || "").split(/(<mark>|<\/mark>)/);
    var marked = false;
    parts.forEach(function (part) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) {
        var text = document.createTextNode(decode(part));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          target.appendChild(mark);
        } else target.appendChild(text);
      }
    });
  }

  function filterSelect(box, ident, name, counts) {
    var values = Object.keys(counts || {}).sort();
    if (values.length < 2) return null;
    var wrapper = document.createElement("div");
    wrapper.className = "qt-search-filter";
    var select = document.createElement("select");
    select.id = ident + "-" + name;
    select.setAttribute("data-qt-filter", name);
    var caption = document.createElement("label");
    caption.htmlFor = select.id;
    caption.textContent = label(box, name);
    var all = document.createElement("option");
    all.value = "";
    all.textContent = label(box, "all-" + name + "s");
    select.appendChild(all);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value + " (" + counts[value] + ")";
      select.appendChild(option);
    });
    wrapper.appendChild(caption);
    wrapper.appendChild(select);
    return wrapper;
  }

  function setUp(box) {
    var form = box.querySelector("form");
    var input = box.querySelector("input[type=search]");
    var panel = box.querySelector(".qt-search-panel");
    var status = box.querySelector(".qt-search-status");
    var list = box.querySelector(".qt-search-results");
    var filters = box.querySelector(".qt-search-filters");
    if (!form || !input || !panel || !status || !list || !filters) return;
    var onPage = box.classList.contains("qt-search-page");
    var ident = input.id;
    var source = box.getAttribute("data-qt-pagefind");
    var merged = mergedBundles(box);
    var preloaded = document.querySelector("link[data-qt-pagefind-tag]");
    var tag = preloaded ? preloaded.getAttribute("data-qt-pagefind-tag") : null;
    var generation = 0;
    var filtersShown = false;

    input.setAttribute("aria-controls", panel.id);

    function open(show) {
      if (!onPage) panel.hidden = !show;
    }

    function chosenFilters() {
      var chosen = {};
      filters.querySelectorAll("select[data-qt-filter]").forEach(function (select) {
        if (select.value) chosen[select.getAttribute("data-qt-filter")] = select.value;
      });
      return chosen;
    }

    function showFilters(pagefind) {
      if (filtersShown) return Promise.resolve();
      filtersShown = true;
      return Promise.resolve(pagefind.filters()).then(function (available) {
        ["subject", "type"].forEach(function (name) {
          var select = filterSelect(box, ident, name, available && available[name]);
          if (select) {
            filters.appendChild(select);
            select.querySelector("select").addEventListener("change", run);
          }
        });
      });
    }

    /* Appends a result's entry to the list; its link (for moving focus to it), or null. */
    function append(data) {
      var href = safeUrl(data.url);
      if (!href) return null;
      var item = document.createElement("li");
      item.className = "qt-search-result";
      var link = document.createElement("a");
      link.className = "qt-search-result-title";
      link.href = href;
      link.textContent = (data.meta && data.meta.title) || data.url;
      item.appendChild(link);
      var type = data.filters && data.filters.type && data.filters.type[0];
      if (type) {
        var badge = document.createElement("span");
        badge.className = "qt-search-result-type";
        badge.textContent = type;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(badge);
      }
      if (data.meta && data.meta.description) {
        var description = document.createElement("p");
        description.className = "qt-search-result-description";
        description.textContent = data.meta.description;
        item.appendChild(description);
      }
      var text = document.createElement("p");
      text.className = "qt-search-result-excerpt";
      excerpt(text, data.excerpt);
      item.appendChild(text);
      list.appendChild(item);
      return link;
    }

    /* The count is of every match, not of those shown: the page shows them SHOWN at a time. */
    function count(query, total) {
      status.textContent =
        total === 0
          ? label(box, "no-results", { query: query })
          : total === 1
            ? label(box, "one-result", { query: query })
            : label(box, "results", { count: String(total), query: query });
    }

    /* Each result is shown as soon as its fragment and those before it have come, in order; the
       previous query's stay until then, so that typing does not make the list flicker.  replace:
       null to add to the list, else called when the list is emptied for the new results (the
       count is said then, not while the previous results are still shown).  Resolves to the first
       link added. */
    function show(results, mine, replace) {
      var first = null;
      var chain = Promise.resolve();
      function clear() {
        list.textContent = "";
        replace();
        replace = null;
      }
      results.forEach(function (result) {
        var data = result.data();
        chain = chain
          .then(function () {
            return data;
          })
          .then(function (fragment) {
            if (mine !== generation) return;
            if (replace) clear();
            var added = append(fragment);
            first = first || added;
          });
      });
      return chain.then(function () {
        if (replace && mine === generation) clear();
        return first;
      });
    }

    /* The search page's "More results": the next SHOWN matches' fragments, fetched on demand. */
    var more = null;
    var pending = [];
    if (onPage) {
      more = document.createElement("button");
      more.type = "button";
      more.className = "qt-search-more";
      more.hidden = true;
      more.textContent = label(box, "more");
      panel.appendChild(more);
      more.addEventListener("click", function () {
        var mine = generation;
        more.disabled = true;
        show(pending.splice(0, SHOWN), mine, null)
          .then(function (first) {
            if (mine !== generation) return;
            more.disabled = false;
            more.hidden = !pending.length;
            if (first) first.focus();
          })
          .catch(function () {
            if (mine === generation) status.textContent = label(box, "failed");
          });
      });
    }

    function run() {
      var query = input.value.trim();
      var mine = ++generation;
      pending = [];
      if (more) more.hidden = true;
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        open(false);
        return;
      }
      open(true);
      var pagefind = null;
      load(source, merged, tag)
        .then(function (loaded) {
          pagefind = loaded;
          return pagefind.search(query, { filters: chosenFilters() });
        })
        .then(function (search) {
          if (mine !== generation) return null;
          var shown = onPage ? SHOWN : 8;
          pending = onPage ? search.results.slice(shown) : [];
          var total = search.results.length;
          /* Only the fragments of the results shown are fetched (about 1.2 KB each). */
          return show(search.results.slice(0, shown), mine, function () {
            count(query, total);
          });
        })
        .then(function () {
          if (mine === generation && more) more.hidden = !pending.length;
          /* The filters after the first results: Pagefind's filters() fetches every filter's
             index, the keywords' among them (240 KB at 10,000 articles), which the results
             themselves do not need. */
          return showFilters(pagefind).catch(function () {});
        })
        .catch(function () {
          if (mine === generation) status.textContent = label(box, "failed");
        });
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 150);
    });

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a.qt-search-result-title"));
    }
    box.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && (event.target === input || at >= 0) && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus();
        else all[at - 1].focus();
      } else if (event.key === "Escape" && !onPage && !panel.hidden) {
        event.preventDefault();
        open(false);
        input.focus();
      }
    });
    if (!onPage) {
      document.addEventListener("click", function (event) {
        if (!box.contains(event.target)) open(false);
      });
      input.addEventListener("focus", function () {
        if (input.value.trim() && list.children.length) open(true);
        /* Pagefind's first files while the reader types the first letters. */
        load(source, merged, tag)
          .then(function (pagefind) {
            return pagefind.init();
          })
          .catch(function () {});
      });
    } else {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var url = new URL(window.location.href);
        url.searchParams.set("q", input.value);
        window.history.replaceState(null, "", url.href);
        run();
      });
      var asked = new URL(window.location.href).searchParams.get("q");
      if (asked) {
        input.value = asked;
        run();
      }
    }
  }

  function start() {
    document.querySelectorAll("[data-qt-pagefind]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
