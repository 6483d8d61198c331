// claimtrack annotated article: a details card for the clicked claim, and source focus.
// All text goes in through textContent, never innerHTML: it comes from the article.
(function () {
  "use strict";
  var dataElement = document.getElementById("ct-claim-details");
  var article = document.getElementById("ct-article");
  var panel = document.getElementById("ct-detail");
  if (!dataElement || !article || !panel) {
    return;
  }
  // The headline is the text's first paragraph, shown as the page heading: its claims
  // behave like the body's.
  var headline = document.getElementById("ct-headline");
  var regions = headline ? [headline, article] : [article];
  var details = JSON.parse(dataElement.textContent);
  document.body.appendChild(panel); // positioned against the page, not a container
  var activeId = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function link(href, text) {
    var a = element("a", null, text);
    a.href = href;
    return a;
  }

  function number(value) {
    return typeof value === "number" ? value.toFixed(2) : "–";
  }

  function setColours(node, colours) {
    ["fill", "line", "line-style"].forEach(function (name) {
      node.style.removeProperty("--ct-" + name);
    });
    if (colours) {
      node.style.setProperty("--ct-fill", colours.fill);
      node.style.setProperty("--ct-line", colours.line);
      node.style.setProperty("--ct-line-style", colours.style);
    }
  }

  function addPair(dl, term, value) {
    if (value === undefined || value === null || value === "") {
      return;
    }
    dl.appendChild(element("dt", null, term));
    var dd = element("dd");
    if (value instanceof Node) {
      dd.appendChild(value);
    } else {
      dd.textContent = String(value);
    }
    dl.appendChild(dd);
  }

  function pieces(id) {
    var selector = '.ct-claim[data-claim="' + id + '"]';
    var found = [];
    regions.forEach(function (region) {
      Array.prototype.push.apply(found, region.querySelectorAll(selector));
    });
    return found;
  }

  function setActive(id) {
    if (activeId !== null) {
      pieces(activeId).forEach(function (p) { p.classList.remove("ct-active"); });
    }
    activeId = id;
    if (id !== null) {
      pieces(id).forEach(function (p) { p.classList.add("ct-active"); });
    }
  }

  function hide() {
    panel.hidden = true;
    document.body.style.paddingBottom = "";
    setActive(null);
  }

  function fill(id, claim) {
    panel.replaceChildren();
    var close = element("button", "ct-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", hide);
    panel.appendChild(close);
    var title = element("h3");
    title.appendChild(link(claim.url, "Claim " + id));
    panel.appendChild(title);

    addCheckedBefore(claim.checked_before || []);
    addConflicts(claim.conflicts || []);

    // A reviewer's corrected source comes first; the pipeline's sources it replaced
    // follow, marked as superseded.
    var corrected = claim.correction;
    if (corrected) {
      var fixed = element("div", "ct-attribution ct-corrected-source");
      var first = corrected.sources[0];
      setColours(fixed, first ? first.colours : null);
      var fixedList = element("dl");
      if (corrected.sources.length === 0) {
        addPair(fixedList, "Source", "none: the author's own voice");
      }
      corrected.sources.forEach(function (s) {
        addPair(fixedList, "Source", s.source_url ? link(s.source_url, s.source) : s.source);
      });
      addPair(fixedList, "Corrected", corrected.text + (corrected.reviewer ? " (" +
        corrected.reviewer + ", " + corrected.created_at + ")" : ""));
      fixed.appendChild(fixedList);
      panel.appendChild(fixed);
      setColours(panel, first ? first.colours : null);
    } else if (claim.attributions.length === 0) {
      setColours(panel, null);
    } else {
      setColours(panel, claim.attributions[0].colours);
    }
    if (claim.attributions.length === 0) {
      panel.appendChild(element("p", "ct-no-source", "No source given in the article."));
    }
    claim.attributions.forEach(function (a) {
      var box = element("div", "ct-attribution" + (a.superseded ? " ct-superseded" : ""));
      setColours(box, a.colours);
      if (a.superseded) {
        box.appendChild(element("p", "ct-superseded-note",
          "The pipeline's source, superseded by the correction above"));
      }
      var dl = element("dl");
      addPair(dl, "Source", a.source_url ? link(a.source_url, a.source) : a.source);
      addPair(dl, "Described as", a.description);
      addPair(dl, "Written as", a.written_as);
      addPair(dl, "Cue", a.cue ? "“" + a.cue + "”" : null);
      addPair(dl, "Mode", a.mode);
      addPair(dl, "Confidence", number(a.confidence));
      addPair(dl, "Rule", a.rule);
      box.appendChild(dl);
      panel.appendChild(box);
    });

    var dl = element("dl");
    addPair(dl, "Kind", (claim.kind || "–") + (claim.hedged ? " (hedged)" : ""));
    addPair(dl, "Check-worthiness", number(claim.checkworthiness));
    addPair(dl, "Why", claim.reason);
    (claim.corrections || []).forEach(function (c) {
      addPair(dl, "Corrected", c.text + (c.reviewer ? " (" + c.reviewer + ", " +
        c.created_at + ")" : ""));
    });
    claim.verdicts.forEach(function (v) {
      var text = v.rating + (v.reviewer ? " — " + v.reviewer : "") +
        (v.note ? ": " + v.note : "") + (v.created_at ? " (" + v.created_at + ")" : "");
      addPair(dl, "Verdict", text);
    });
    panel.appendChild(dl);
    addReviewForms(id, claim);
  }

  // A boxed list in the card; nothing when there are no items.
  function addSection(className, heading, items, fillItem) {
    if (items.length === 0) {
      return;
    }
    var box = element("div", "ct-card-section " + className);
    box.appendChild(element("h4", null, heading));
    var list = element("ul");
    items.forEach(function (item) {
      var li = element("li");
      fillItem(li, item);
      list.appendChild(li);
    });
    box.appendChild(list);
    panel.appendChild(box);
  }

  // "Checked before: Mostly true (link)": judged claims this claim matches, best first.
  function addCheckedBefore(matches) {
    addSection("ct-checked", "Checked before", matches, function (item, m) {
      item.appendChild(element("strong", null, m.rating || "no rating"));
      item.appendChild(document.createTextNode(" — "));
      item.appendChild(link(m.page_url, m.claim));
      if (m.factcheck_url) {
        item.appendChild(document.createTextNode(" · "));
        item.appendChild(link(m.factcheck_url, "fact-check"));
      }
      item.appendChild(element("div", "ct-why", "match " + number(m.score) +
        (m.reasons.length ? ": " + m.reasons.join("; ") : "")));
    });
  }

  // Figures of this claim that conflict with a figure elsewhere.
  function addConflicts(conflicts) {
    addSection("ct-conflicts", "Conflicting figures", conflicts, function (item, c) {
      item.appendChild(element("strong", null, c.figure));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(link(c.url, c.text));
      item.appendChild(element("div", "ct-why", c.claim));
    });
  }

  // Signed-in reviewers get forms (a <template> the server renders only for them).
  function addReviewForms(id, claim) {
    var template = document.getElementById("ct-review-template");
    if (!template) {
      return;
    }
    var forms = template.content.cloneNode(true);
    forms.querySelectorAll("input[name=claim_id]").forEach(function (input) {
      input.value = id;
    });
    var figures = forms.querySelector("select[name=figure_id]");
    (claim.figures || []).forEach(function (f) {
      var option = element("option", null, f.text);
      option.value = f.id;
      figures.appendChild(option);
    });
    if (!claim.figures || claim.figures.length === 0) {
      forms.querySelector(".ct-review-figure").remove();
    }
    panel.appendChild(forms);
  }

  function place(mark) {
    if (window.matchMedia("(max-width: 640px)").matches) {
      // A bottom sheet, placed by CSS: keep the claim in view above it.
      panel.style.left = "";
      panel.style.top = "";
      // Room below the text, so that even the last claim of a short page can scroll
      // above the sheet instead of staying under it.
      document.body.style.paddingBottom = panel.offsetHeight + "px";
      var first = mark.getBoundingClientRect();
      var room = window.innerHeight - panel.offsetHeight - 12;
      if (first.bottom > room || first.top < 0) {
        window.scrollBy(0, first.height < room - 12 ? first.bottom - room : first.top - 12);
      }
      return;
    }
    var rects = mark.getClientRects();
    var rect = rects[rects.length - 1] || mark.getBoundingClientRect();
    var width = panel.offsetWidth;
    var left = Math.min(Math.max(8, rect.left), document.documentElement.clientWidth - width - 8);
    panel.style.left = (left + window.scrollX) + "px";
    panel.style.top = (rect.bottom + window.scrollY + 6) + "px";
  }

  function show(mark) {
    var id = mark.getAttribute("data-claim");
    var claim = details[id];
    if (!claim) {
      return;
    }
    fill(id, claim);
    panel.hidden = false;
    setActive(id);
    place(mark);
  }

  regions.forEach(function (region) {
    region.addEventListener("click", function (event) {
      var mark = event.target.closest(".ct-claim");
      if (mark) {
        show(mark);
        event.stopPropagation();
      }
    });
    region.addEventListener("keydown", function (event) {
      var mark = event.target.closest && event.target.closest(".ct-claim");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        show(mark);
      }
    });
    // Pieces of one claim (split by paragraphs or crossing marks) light up together.
    ["mouseover", "mouseout"].forEach(function (type) {
      region.addEventListener(type, function (event) {
        var mark = event.target.closest(".ct-claim");
        if (mark) {
          var on = type === "mouseover";
          pieces(mark.getAttribute("data-claim")).forEach(function (p) {
            p.classList.toggle("ct-hover", on);
          });
        }
      });
    });
  });
  document.addEventListener("click", function (event) {
    if (!panel.hidden && !panel.contains(event.target)) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });

  // Sources list: a swatch toggles focus on that source's claims.
  var focused = null;
  document.querySelectorAll(".ct-source[data-source] .ct-swatch").forEach(function (button) {
    button.addEventListener("click", function () {
      var sourceId = Number(button.closest(".ct-source").getAttribute("data-source"));
      document.querySelectorAll(".ct-swatch[aria-pressed]").forEach(function (b) {
        b.setAttribute("aria-pressed", "false");
      });
      document.querySelectorAll(".ct-focused").forEach(function (p) {
        p.classList.remove("ct-focused");
      });
      if (focused === sourceId) {
        focused = null;
        document.body.classList.remove("ct-focusing");
        return;
      }
      focused = sourceId;
      button.setAttribute("aria-pressed", "true");
      document.body.classList.add("ct-focusing");
      Object.keys(details).forEach(function (id) {
        var cites = details[id].attributions.some(function (a) {
          return a.source_id === sourceId;
        });
        if (cites) {
          pieces(id).forEach(function (p) { p.classList.add("ct-focused"); });
        }
      });
    });
  });
})();
