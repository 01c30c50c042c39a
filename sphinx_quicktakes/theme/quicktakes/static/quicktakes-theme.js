/* sphinx-quicktakes theme: colour scheme toggle, narrow-screen menu, Read the Docs addons.
   Plain JavaScript, no build step.  The scheme itself is applied before first paint by an
   inline script in <head>; this file only changes it when the reader asks. */
(function () {
  "use strict";

  var STORAGE_KEY = "qt-color-scheme";
  var ORDER = ["auto", "light", "dark"];
  var root = document.documentElement;

  function currentScheme() {
    var scheme = root.dataset.theme;
    return ORDER.indexOf(scheme) >= 0 ? scheme : "auto";
  }

  function showScheme(button, scheme) {
    var label = button.getAttribute("data-label-" + scheme) || scheme;
    var name = button.getAttribute("title") || "";
    button.setAttribute("aria-label", name + ": " + label);
    var text = button.querySelector(".qt-scheme-label");
    if (text) text.textContent = label;
  }

  function setUpSchemeToggle() {
    document.querySelectorAll("[data-qt-scheme-toggle]").forEach(function (button) {
      showScheme(button, currentScheme());
      button.addEventListener("click", function () {
        var next = ORDER[(ORDER.indexOf(currentScheme()) + 1) % ORDER.length];
        root.dataset.theme = next;
        try { localStorage.setItem(STORAGE_KEY, next); } catch (error) { /* private mode: not remembered */ }
        showScheme(button, next);
      });
    });
  }

  function setUpMenu() {
    var button = document.querySelector(".qt-menu-button");
    var sidebar = document.getElementById("qt-sidebar");
    if (!button || !sidebar) return;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      sidebar.classList.toggle("qt-sidebar-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function setUpSearchShortcut() {
    var input = document.getElementById("qt-search-input");
    if (!input) return;
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  /* A block that scrolls sideways (code, a wide table) must be reachable from the keyboard to be
     scrolled without a mouse (WCAG 2.1.1): it gets a tab stop only while it overflows. */
  function markScrollableBlocks() {
    document.querySelectorAll(".qt-body pre, .qt-body table.docutils, .qt-body table.indextable").forEach(function (block) {
      var scrolls = block.scrollWidth > block.clientWidth + 1;
      if (scrolls && !block.hasAttribute("tabindex")) block.setAttribute("tabindex", "0");
      else if (!scrolls && block.getAttribute("tabindex") === "0") block.removeAttribute("tabindex");
    });
  }

  /* Read the Docs addons, through their documented events: the data event gives the versions
     and tells whether the addons' search is on; "readthedocs-search-show" opens that search. */
  function safeUrl(value) {
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function useReadTheDocs(data) {
    if (!data) return;
    var versions = data.versions || {};
    var badge = document.querySelector("[data-qt-version]");
    if (badge && versions.current && versions.current.slug) {
      badge.textContent = versions.current.slug;
      badge.hidden = false;
    }
    var group = document.querySelector("[data-qt-versions]");
    var active = Array.isArray(versions.active) ? versions.active : [];
    if (group && active.length > 1) {
      var list = group.querySelector("ul");
      active.forEach(function (version) {
        var href = version && version.urls && safeUrl(version.urls.documentation);
        if (!href) return;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = "qt-nav-link";
        link.href = href;
        link.textContent = version.slug;
        if (versions.current && version.slug === versions.current.slug) link.setAttribute("aria-current", "page");
        item.appendChild(link);
        list.appendChild(item);
      });
      group.hidden = list.children.length === 0;
    }
    var addons = data.addons || {};
    var input = document.getElementById("qt-search-input");
    if (input && addons.search && addons.search.enabled) {
      input.addEventListener("focusin", function () {
        input.blur();
        document.dispatchEvent(new CustomEvent("readthedocs-search-show"));
      });
    }
  }

  document.addEventListener("readthedocs-addons-data-ready", function (event) {
    try {
      useReadTheDocs(event.detail && event.detail.data());
    } catch (error) {
      /* data from a newer or older addons API: keep the theme's own search and no version list */
    }
  });

  function start() {
    setUpSchemeToggle();
    setUpMenu();
    setUpSearchShortcut();
    markScrollableBlocks();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(markScrollableBlocks, 150);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
