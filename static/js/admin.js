/* Accessible names and structure for the parts of Django's admin that its own scripts draw
 * (WCAG 2.2 AA, checked by axe in the page crawler):
 * - the autocomplete pickers (select2): the picker, its search box and its list of matches are
 *   named by the field's label ("User"), or by the row's name in a table of inline rows;
 * - select2's "remove all" cross sits in a list item, as the list it is drawn in requires;
 * - the filter boxes of the two-list pickers (permissions, groups): their hint is an image with a
 *   name, not a name on a plain span (which no screen reader has to read);
 * - a table of inline rows is a named region that can be scrolled with the keyboard (at 390 px
 *   it is wider than the screen).
 * Those scripts add their markup after the page loads, and again as things change (a value is
 * picked, a row is added, a picker is opened), so every addition is seen and fixed as it comes. */
(function () {
  "use strict";

  function labelOf(select) {
    const label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      return { labelledby: label.id };
    }
    return { label: select.getAttribute("aria-label") || "" };
  }

  function name(element, source, also) {
    if (source.labelledby) {
      element.setAttribute("aria-labelledby", [source.labelledby, also].filter(Boolean).join(" "));
    } else if (source.label) {
      element.setAttribute("aria-label", source.label);
    }
  }

  function namePicker(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || container.dataset.named) return;
    container.dataset.named = "1";
    const source = labelOf(select);
    const single = container.querySelector(".select2-selection--single");
    if (single) {
      // The picker reads as its label and its value ("User: stella"); the value box as the label.
      const rendered = single.querySelector(".select2-selection__rendered");
      name(single, source, rendered && rendered.id);
      if (rendered) name(rendered, source);
    }
    container.querySelectorAll(".select2-selection--multiple, .select2-search__field").forEach(function (el) {
      name(el, source);
    });
  }

  function nameDropdown(dropdown) {
    const results = dropdown.querySelector(".select2-results__options[id]");
    const match = results && /^select2-(.+)-results$/.exec(results.id);
    const select = match && document.getElementById(match[1]);
    if (!select) return;
    const source = labelOf(select);
    name(results, source);
    dropdown.querySelectorAll(".select2-search__field").forEach(function (el) {
      name(el, source);
    });
  }

  function listClearCross(cross) {
    if (cross.parentElement.tagName !== "UL") return;
    const item = document.createElement("li");
    item.className = "select2-clear-item";
    cross.replaceWith(item);
    item.append(cross);
  }

  function regionForTable(group) {
    const heading = group.querySelector(".inline-heading[id]");
    if (group.hasAttribute("tabindex") || !heading) return;
    group.setAttribute("tabindex", "0");
    group.setAttribute("role", "region");
    group.setAttribute("aria-labelledby", heading.id);
  }

  function fix(root) {
    const all = function (selector) {
      const found = Array.from(root.querySelectorAll(selector));
      return root.matches && root.matches(selector) ? [root, ...found] : found;
    };
    all(".select2-container:not(.select2-container--open)").forEach(namePicker);
    all(".select2-dropdown").forEach(nameDropdown);
    all(".select2-selection__clear").forEach(listClearCross);
    all(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    all('.inline-group[data-inline-type="tabular"]').forEach(regionForTable);
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) fix(node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  fix(document);
})();
