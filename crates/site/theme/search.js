// Search: the header box on every page and the paste box on the home page.
// Loaded by site.js on the first focus, input or paste in a box. Ranks
// exactly as `site search` does: this file follows crates/search
// (text.rs, query.rs, rank.rs) step for step, in integers, over the same
// index files, and tests/e2e/search.test.mjs holds the two to the same
// answers for every paste in tests/pastes/. Text from the index is only
// ever set as text (text nodes and <mark>), never as HTML.
(function (global) {
  "use strict";

  // ---- text.rs ----------------------------------------------------------
  var TOKEN = /[\p{Alphabetic}\p{N}_]+/gu;
  var WHITE = /\p{White_Space}/u;
  var ALPHA = /\p{Alphabetic}/u;
  var CHUNK_BREAK = /[\p{White_Space}"'`=:,;()[\]{}<>]/u;

  function trimWhite(s) {
    return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
  }
  function chars(s) { return Array.from(s).length; }

  function tokens(text) {
    var found = [];
    TOKEN.lastIndex = 0;
    var m;
    while ((m = TOKEN.exec(text)) !== null) {
      var run = m[0];
      var lead = run.length - run.replace(/^_+/, "").length;
      var trimmed = run.replace(/^_+|_+$/g, "");
      if (!trimmed) continue;
      found.push({ text: trimmed.toLowerCase(), start: m.index + lead, end: m.index + lead + trimmed.length, position: found.length });
    }
    return found;
  }

  function isCode(t) {
    var parts = t.split("_").filter(function (p) { return p !== ""; });
    return t.indexOf("_") >= 0 && parts.length >= 2 && parts.every(function (p) { return ALPHA.test(p); });
  }
  function isStatus(t) { return /^[45][0-9][0-9]$/.test(t); }
  function asciiDigits(t) { var n = 0; for (var i = 0; i < t.length; i++) { var c = t.charCodeAt(i); if (c >= 48 && c <= 57) n++; } return n; }

  function looksSecret(chunk) {
    var len = chars(chunk);
    var digits = asciiDigits(chunk);
    var letters = ALPHA.test(chunk);
    return (chunk.startsWith("sk_") && len >= 20) || (chunk.startsWith("sk-") && len >= 20) ||
      (chunk.startsWith("eyJ") && len >= 10) || (len >= 16 && digits >= 2 && letters);
  }

  // ---- index.rs: the Bloom filter ---------------------------------------
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }
  function Bloom(bits, base64) {
    var raw = atob(base64);
    this.bits = bits;
    this.bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) this.bytes[i] = raw.charCodeAt(i);
  }
  Bloom.prototype.mayContain = function (term) {
    var h1 = fnv1a(term);
    var h2 = (Math.imul(h1, 0x9e3779b1) | 1) >>> 0;
    for (var i = 0; i < 4; i++) {
      var bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.bits;
      if ((this.bytes[bit >>> 3] & (1 << (bit % 8))) === 0) return false;
    }
    return true;
  };

  // ---- query.rs ---------------------------------------------------------
  var MAX_TERMS = 12;
  var KIND = { code: 0, status: 1, word: 2 };
  var CODE_KEYS = ["code", "error", "error_code", "status", "type"];

  function noise(paste) {
    var ranges = [], hosts = [];
    var lineStart = 0;
    paste.split(/(?<=\n)/).forEach(function (line) {
      var trimmed = line.replace(/^\p{White_Space}+/u, "");
      if (trimmed.startsWith("File \"") || trimmed.startsWith("at ")) ranges.push([lineStart, lineStart + line.length]);
      lineStart += line.length;
    });
    var start = -1;
    var judge = function (from, to) {
      var chunk = paste.slice(from, to);
      if (chunk.indexOf("/") >= 0 || chunk.indexOf("\\") >= 0 || looksSecret(chunk)) ranges.push([from, to]);
      // `https:` ends a chunk at its colon, so a URL's chunk starts `//`.
      if (chunk.startsWith("//")) {
        var host = from + 2;
        var slash = paste.slice(host, to).indexOf("/");
        hosts.push([host, slash < 0 ? to : host + slash]);
      }
    };
    for (var i = 0; i < paste.length;) {
      var cp = paste.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      var brk = CHUNK_BREAK.test(ch);
      if (!brk && start < 0) start = i;
      else if (brk && start >= 0) { judge(start, i); start = -1; }
      i += ch.length;
    }
    if (start >= 0) judge(start, paste.length);
    return { ranges: ranges, hosts: hosts };
  }

  function isIndexable(t, stop) {
    var length = chars(t);
    var digits = asciiDigits(t);
    if (digits === length) return isStatus(t);
    return length >= 2 && !stop.has(t) && digits * 2 < length;
  }

  function glue(between) {
    return /[:=]/.test(between) && /^[\p{White_Space}"':=]*$/u.test(between);
  }

  function locFields(paste, after, rest) {
    var tail = paste.slice(after);
    var open = tail.search(/[[(]/);
    if (open < 0) return [];
    if (!/^[\p{White_Space}"':=]*$/u.test(tail.slice(0, open))) return [];
    var closeAt = tail.slice(open).search(/[\])]/);
    var end = after + (closeAt < 0 ? tail.length : open + closeAt);
    var out = [];
    for (var i = 0; i < rest.length && rest[i].start < end; i++) {
      var t = rest[i].text;
      if (["body", "query", "path", "header", "cookie"].indexOf(t) < 0 && !/^[0-9]+$/.test(t)) out.push(t);
    }
    return out;
  }

  function parse(paste, vocab) {
    var found = noise(paste);
    var ranges = found.ranges, hosts = found.hosts;
    var all = tokens(paste);
    var stream = all.map(function (t) {
      var isNoise = ranges.some(function (r) { return r[0] <= t.start && t.end <= r[1]; });
      return isNoise ? "" : t.text;
    });
    var trimmed = trimWhite(paste);
    var query = {
      stream: stream, terms: [], statuses: [], fields: [], foreignCodes: [],
      isPaste: trimmed.indexOf("\n") >= 0 || all.length > 12,
      openEnd: /[\p{Alphabetic}\p{N}_]$/u.test(paste) && trimmed.indexOf("\n") < 0
    };
    for (var i = 0; i < all.length; i++) {
      var text = stream[i];
      if (!text) continue;
      if (isStatus(text) && query.statuses.indexOf(text) < 0) query.statuses.push(text);
      if (CODE_KEYS.indexOf(text) >= 0 && i + 1 < all.length) {
        var between = paste.slice(all[i].end, all[i + 1].start);
        var value = stream[i + 1];
        if (glue(between) && isCode(value) && !vocab.mayContain(value) && query.foreignCodes.indexOf(value) < 0) query.foreignCodes.push(value);
      }
      if (text === "loc") query.fields = query.fields.concat(locFields(paste, all[i].end, all.slice(i + 1)));
    }
    query.fields = query.fields.filter(function (f, k, list) { return k === 0 || list[k - 1] !== f; });
    var candidates = [];
    stream.forEach(function (text, position) {
      if (!text || !isIndexable(text, vocab.stop)) return;
      var existing = candidates.find(function (t) { return t.text === text; });
      if (existing) { existing.positions.push(position); return; }
      candidates.push({ text: text, kind: isCode(text) ? KIND.code : isStatus(text) ? KIND.status : KIND.word, positions: [position] });
    });
    var last = stream.length - 1;
    var known = function (t) {
      return vocab.mayContain(t.text) || (query.openEnd && t.positions[t.positions.length - 1] === last);
    };
    candidates = candidates.filter(known);
    candidates = candidates.map(function (t, k) { return [t, k, t.kind === KIND.word && vocab.isCommon(t.text) ? 1 : 0]; })
      .sort(function (a, b) { return a[0].kind - b[0].kind || a[2] - b[2] || a[1] - b[1]; })
      .map(function (p) { return p[0]; });
    all.forEach(function (token, position) {
      var inHost = hosts.some(function (h) { return h[0] <= token.start && token.end <= h[1]; });
      if (!inHost || stream[position] !== "" || !isIndexable(token.text, vocab.stop) || isCode(token.text) ||
        isStatus(token.text) || !vocab.mayContain(token.text) || vocab.isCommon(token.text) ||
        candidates.some(function (t) { return t.text === token.text; })) return;
      candidates.push({ text: token.text, kind: KIND.word, positions: [position] });
    });
    query.terms = candidates.slice(0, MAX_TERMS);
    return query;
  }

  // ---- rank.rs ----------------------------------------------------------
  var THRESHOLD = 6000, MAX_HITS = 8, FIX_WHOLE = 500, FIX_PART = 350, PAIR = 60;

  function Searcher(base) {
    this.base = base;
    this.files = new Map();
    this.fetchedBytes = 0;
  }
  Searcher.prototype.read = function (path) {
    var self = this;
    if (!this.files.has(path)) {
      this.files.set(path, fetch(this.base + path, { credentials: "omit" }).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.text();
      }).then(function (text) { self.fetchedBytes += text.length; return JSON.parse(text); })
        .catch(function (error) { self.files.delete(path); throw error; }));
    }
    // A failed fetch is forgotten, so a moment offline (or a file being
    // rewritten under `site serve`) does not turn search off for good.
    return this.files.get(path);
  };
  Searcher.prototype.open = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.read("meta.json").then(function (meta) {
        if (meta.v !== 2) throw new Error("search index version " + meta.v);
        self.meta = meta;
        self.bloom = new Bloom(meta.bits, meta.bloom);
        self.common = new Set(meta.common);
        self.stop = new Set(meta.stop);
        return self;
      }).catch(function (error) { self.ready = null; throw error; });
    }
    return this.ready;
  };
  Searcher.prototype.mayContain = function (t) { return this.bloom.mayContain(t); };
  Searcher.prototype.isCommon = function (t) { return this.common.has(t); };
  Searcher.prototype.shardOf = function (term) {
    var lo = 0, hi = this.meta.shards.length;
    while (lo < hi) { var mid = (lo + hi) >>> 1; if (this.meta.shards[mid] <= term) lo = mid + 1; else hi = mid; }
    return lo - 1;
  };
  Searcher.prototype.shard = function (term) {
    var n = this.shardOf(term);
    return n < 0 ? Promise.resolve(null) : this.read("t/" + n + ".json");
  };
  Searcher.prototype.entry = function (term) {
    if (!this.bloom.mayContain(term)) return Promise.resolve(null);
    return this.shard(term).then(function (shard) { return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null; });
  };
  Searcher.prototype.completions = function (prefix) {
    var self = this;
    var collect = function (shard) {
      return shard ? Object.keys(shard).filter(function (t) { return t.startsWith(prefix) && t !== prefix; }) : [];
    };
    // The words may begin the next shard (at most one more is read).
    var next = this.meta.shards[this.shardOf(prefix) + 1];
    var more = next !== undefined && next.startsWith(prefix) ? this.shard(next) : Promise.resolve(null);
    return Promise.all([this.shard(prefix), more]).then(function (shards) {
      var found = collect(shards[0]).concat(collect(shards[1]));
      found.sort(function (a, b) { return chars(a) - chars(b) || compareBytes(a, b); });
      found = found.filter(function (t, i) { return i === 0 || found[i - 1] !== t; });
      return found.slice(0, 4);
    });
  };
  // Page i is item i % group of p/{i / group}.json.
  Searcher.prototype.fragment = function (page) {
    var group = this.meta.group || 1;
    return this.read("p/" + Math.floor(page / group) + ".json").then(function (pages) { return pages[page % group] || null; });
  };

  function compareBytes(a, b) {
    var x = new TextEncoder().encode(a), y = new TextEncoder().encode(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }

  // [length, whole, weight] of the best quote of the fix, or null; the
  // fix's words weigh `weights` (a code spelt out shares its weight).
  function quoted(stream, fix, weights) {
    var whole = tokens(fix).map(function (t) { return t.text; });
    var wholeWeights = whole.map(function (_, i) { return weights[i] || 0; });
    var words = [], wordWeights = [];
    whole.forEach(function (token, i) {
      var parts = token.split("_").filter(function (w) { return w !== ""; });
      var count = Math.max(parts.length, 1);
      parts.forEach(function (part) { words.push(part); wordWeights.push(Math.trunc(wholeWeights[i] / count)); });
    });
    var variants = [[whole, wholeWeights]];
    if (words.length > whole.length) variants.push([words, wordWeights]);
    var best = null;
    variants.forEach(function (v) {
      var r = quotedTokens(stream, v[0], v[1]);
      if (r && (!best || r[0] > best[0] || (r[0] === best[0] && (r[1] && !best[1] || (r[1] === best[1] && r[2] > best[2]))))) best = r;
    });
    return best;
  }

  function quotedTokens(stream, ft, weights) {
    if (!ft.length) return null;
    var best = null;
    for (var start = 0; start < stream.length; start++) {
      if (stream[start] !== ft[0] && !(start + 1 === stream.length && ft[0].startsWith(stream[start]))) continue;
      var length = 0;
      while (length < ft.length && start + length < stream.length && stream[start + length] === ft[length]) length++;
      var result = null;
      if (length === ft.length) result = [length, true];
      else if (start + length === stream.length && length >= 3) result = [length, false];
      else if (start + length + 1 === stream.length && length >= 2 && stream[start + length] !== "" && ft[length].startsWith(stream[start + length])) result = [length + 1, false];
      if (result && (!best || result[0] > best[0] || (result[0] === best[0] && result[1] && !best[1]))) best = result;
    }
    if (!best) return null;
    var weight = 0;
    for (var i = 0; i < best[0]; i++) weight += weights[i] || 0;
    return [best[0], best[1], weight];
  }

  function narrows(wide, narrow, stop) {
    var w = tokens(wide).map(function (t) { return t.text; });
    var n = tokens(narrow).map(function (t) { return t.text; });
    if (!w.length || w.length >= n.length) return null;
    for (var at = 0; at + w.length <= n.length; at++) {
      var same = true;
      for (var k = 0; k < w.length; k++) if (n[at + k] !== w[k]) { same = false; break; }
      if (!same) continue;
      var added = n.slice(0, at).concat(n.slice(at + w.length)).filter(function (t) { return isIndexable(t, stop); });
      return added.length ? added : null;
    }
    return null;
  }

  function diverges(stream, fix) {
    var ft = tokens(fix).map(function (t) { return t.text; });
    for (var start = 0; start < stream.length; start++) {
      var length = 0;
      while (length < ft.length && start + length < stream.length && stream[start + length] === ft[length]) length++;
      if (length >= 3 && length < ft.length && start + length + 1 < stream.length && stream[start + length] !== "") return true;
    }
    return false;
  }

  function pairs(terms) {
    var occ = [];
    terms.forEach(function (t, i) { t.positions.forEach(function (p) { occ.push([p, i]); }); });
    occ.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var found = [];
    for (var k = 0; k + 1 < occ.length; k++) {
      var a = occ[k], b = occ[k + 1], gap = b[0] - a[0];
      if (a[1] !== b[1] && gap >= 1 && gap <= 3 && !found.some(function (f) { return f[0] === a[1] && f[1] === b[1] && f[2] === gap; })) found.push([a[1], b[1], gap]);
    }
    return found;
  }

  Searcher.prototype.search = function (text) {
    var self = this;
    var query = parse(text, this);
    var prepare = Promise.resolve();
    if (query.openEnd && !query.isPaste && query.stream.length) {
      var lastToken = query.stream[query.stream.length - 1];
      var position = query.stream.length - 1;
      // (Not the Bloom filter: it may say yes to a word the index does
      // not hold.)
      if (chars(lastToken) >= 3 && isIndexable(lastToken, this.stop)) {
        prepare = this.entry(lastToken).then(function (held) {
          return held ? null : self.completions(lastToken);
        }).then(function (list) {
          if (!list) return;
          query.terms = query.terms.filter(function (t) { return t.text !== lastToken; });
          list.forEach(function (c) {
            if (!query.terms.some(function (t) { return t.text === c; })) query.terms.push({ text: c, kind: KIND.word, positions: [position] });
          });
        });
      }
    }
    return prepare.then(function () {
      return Promise.all(query.terms.map(function (t) { return self.entry(t.text); }));
    }).then(function (entries) {
      var slots = query.statuses.map(function (s) { return [s, 3]; }).concat(query.fields.map(function (f) { return [f, 2]; }));
      return Promise.all(slots.map(function (slot) {
        var i = query.terms.findIndex(function (t) { return t.text === slot[0]; });
        return i >= 0 ? Promise.resolve(entries[i]) : self.entry(slot[0]);
      })).then(function (slotEntries) { return score(query, entries, slots, slotEntries, self.meta, self.stop); });
    });
  };

  function score(query, entries, slots, slotEntries, meta, stop) {
    var terms = query.terms;
    var pages = new Map();
    var pageOf = function (p) {
      if (!pages.has(p)) pages.set(p, { pageLevel: 0, sections: new Map(), choice: new Map(), fix: null, fixBonus: 0, diverges: false, narrower: false, matched: [] });
      return pages.get(p);
    };
    var add = function (map, key, v) { map.set(key, (map.get(key) || 0) + v); };
    var declared = new Map();
    var places = new Map();
    terms.forEach(function (term, i) {
      var entry = entries[i];
      if (!entry) return;
      var idf = entry[0];
      var weight = term.kind === KIND.code ? 3 : term.kind === KIND.word ? 2 : 1;
      entry[2].forEach(function (row) {
        if (row.length < 4 || row[2] > 4) return;
        var page = row[0], section = row[1], field = row[2];
        var gain = weight * idf * row[3];
        var s = pageOf(page);
        if (s.matched.indexOf(i) < 0) s.matched.push(i);
        if (field <= 1) s.pageLevel += gain;
        else {
          add(s.sections, section, gain);
          if (field !== 4) add(s.choice, section, gain);
          var key = page + "," + section + "," + field;
          if (!places.has(key)) places.set(key, { page: page, section: section, field: field, found: [] });
          places.get(key).found.push([i, row.slice(4)]);
        }
      });
      entry[3].forEach(function (fx) {
        var fix = fx[0], weights = fx[1], fixPages = fx[2];
        fixPages.forEach(function (page) {
          if (!declared.has(page)) declared.set(page, []);
          if (declared.get(page).indexOf(fix) < 0) declared.get(page).push(fix);
        });
        if (diverges(query.stream, fix)) fixPages.forEach(function (page) { pageOf(page).diverges = true; });
        var q = quoted(query.stream, fix, weights);
        if (!q) return;
        var bonus = q[2] * (q[1] ? FIX_WHOLE : FIX_PART);
        fixPages.forEach(function (page) {
          var s = pageOf(page);
          if (bonus > s.fixBonus) { s.fixBonus = bonus; s.fix = [q[0], fix]; }
        });
      });
    });
    var present = new Set(query.stream);
    var declaredPages = Array.from(declared.keys()).sort(function (a, b) { return a - b; });
    declaredPages.forEach(function (narrow) {
      var isNarrower = declaredPages.some(function (wide) {
        return wide !== narrow && pages.has(wide) && declared.get(narrow).some(function (fb) {
          return declared.get(wide).some(function (fa) {
            var added = narrows(fa, fb, stop);
            return added !== null && !added.some(function (t) { return present.has(t); });
          }) && quoted(query.stream, fb, []) === null;
        });
      });
      if (isNarrower) pageOf(narrow).narrower = true;
    });
    var ps = pairs(terms);
    var idfOf = function (i) { return entries[i] ? entries[i][0] : 0; };
    places.forEach(function (place) {
      var bonus = 0;
      var at = function (t) { var out = []; place.found.forEach(function (f) { if (f[0] === t) out = out.concat(f[1]); }); return out; };
      ps.forEach(function (pr) {
        var a = at(pr[0]), b = at(pr[1]);
        if (a.some(function (pa) { return b.indexOf(pa + pr[2]) >= 0; })) bonus += PAIR * (idfOf(pr[0]) + idfOf(pr[1]));
      });
      if (bonus > 0) {
        var s = pageOf(place.page);
        add(s.sections, place.section, bonus);
        if (place.field !== 4) add(s.choice, place.section, bonus);
      }
    });
    var counter = [];
    var divisor = 1;
    if (query.foreignCodes.length) { divisor = 3; counter = counter.concat(query.foreignCodes); }
    var slotPages = slots.map(function (slot, k) {
      var e = slotEntries[k];
      var on = new Set(e ? e[2].map(function (row) { return row[0]; }) : []);
      if (!on.size) counter.push(slot[0]);
      return [on, slot[1]];
    });
    var hits = [];
    pages.forEach(function (s, page) {
      var best = 0;
      s.sections.forEach(function (v) { if (v > best) best = v; });
      var choose = s.choice.size ? s.choice : s.sections;
      var section = 0, top = 0, any = false;
      choose.forEach(function (v, sec) {
        var c = sec === 0 ? Math.trunc(v / 2) : v;
        if (!any || c > top || (c === top && sec < section)) { section = sec; top = c; any = true; }
      });
      var total = s.pageLevel + best + s.fixBonus;
      slotPages.forEach(function (sp) { if (!sp[0].has(page)) total = Math.trunc(total * (sp[1] - 1) / sp[1]); });
      if (s.diverges) total = Math.trunc(total / 2);
      if (s.narrower) total = Math.trunc(total / 2);
      total = Math.trunc(total / divisor);
      var matched = s.matched.slice().sort(function (a, b) { return a - b; });
      if (total > 0) hits.push({ page: page, section: section, score: total, fix: s.fix ? s.fix[1] : null, matched: matched.map(function (i) { return terms[i].text; }), fixLength: s.fix ? s.fix[0] : 0, best: best });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || b.fixLength - a.fixLength || b.best - a.best || a.matched.length - b.matched.length || a.page - b.page;
    });
    var vague = query.statuses.length > 0 && query.foreignCodes.length === 0 &&
      !terms.some(function (t, i) { return t.kind === KIND.code && entries[i]; }) &&
      hits.every(function (h) { return h.fix === null; }) &&
      terms.filter(function (t) { return t.kind === KIND.word; }).length <= 3;
    var table = vague && meta.fallback_page ? meta.fallback_page : null;
    if (table) {
      var at = hits.findIndex(function (h) { return h.page === table[0]; });
      var hit = at >= 0 ? hits.splice(at, 1)[0] : { page: table[0], section: table[1], score: 0, fix: null, matched: [] };
      hit.section = table[1];
      hits.unshift(hit);
    }
    var fits = table !== null || (hits.length > 0 && (!query.isPaste || hits[0].score >= THRESHOLD));
    return {
      is_paste: query.isPaste,
      terms: terms.map(function (t) { return t.text; }),
      hits: fits ? hits.slice(0, MAX_HITS).map(function (h) { return { page: h.page, section: h.section, score: h.score, fix: h.fix, matched: h.matched }; }) : [],
      counter_evidence: counter
    };
  }

  // The ranking alone, for tests in Node (no DOM).
  global.KeydoctorSearch = { Searcher: Searcher, parse: parse, tokens: tokens };
  if (typeof document === "undefined") return;

  // ---- the boxes --------------------------------------------------------
  var searchers = new Map();
  function searcherFor(base) {
    if (!searchers.has(base)) searchers.set(base, new Searcher(base));
    return searchers.get(base).open();
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // A window of the section's text around its densest run of matched
  // words, the words marked.
  function snippet(text, words) {
    var toks = tokens(text).filter(function (t) { return words.has(t.text); });
    var out = document.createDocumentFragment();
    var from = 0, to = Math.min(text.length, 180);
    if (toks.length) {
      var bestStart = toks[0].start, bestCount = 0;
      toks.forEach(function (t) {
        var n = toks.filter(function (u) { return u.start >= t.start && u.start < t.start + 160; }).length;
        if (n > bestCount) { bestCount = n; bestStart = t.start; }
      });
      from = Math.max(0, bestStart - 40);
      // Start at a word, not inside one.
      if (from > 0) {
        var space = text.slice(from, bestStart).search(/\s/);
        if (space >= 0) from += space + 1;
      }
      to = Math.min(text.length, from + 180);
    }
    var cut = text.slice(from, to).replace(/\s+/g, " ");
    var offset = from;
    var piece = text.slice(from, to);
    var pos = 0;
    var mapped = toks.filter(function (t) { return t.start >= from && t.end <= to; });
    if (from > 0) out.appendChild(document.createTextNode("… "));
    mapped.forEach(function (t) {
      out.appendChild(document.createTextNode(piece.slice(pos, t.start - offset).replace(/\s+/g, " ")));
      out.appendChild(el("mark", null, piece.slice(t.start - offset, t.end - offset)));
      pos = t.end - offset;
    });
    out.appendChild(document.createTextNode(piece.slice(pos).replace(/\s+/g, " ")));
    if (to < text.length) out.appendChild(document.createTextNode(" …"));
    return cut ? out : document.createDocumentFragment();
  }

  function Box(input) {
    var self = this;
    this.input = input;
    this.kind = input.tagName === "TEXTAREA" ? "paste" : "header";
    this.base = input.getAttribute("data-index");
    this.fallback = input.getAttribute("data-fallback");
    this.allPages = input.getAttribute("data-all-pages");
    this.results = document.getElementById(input.getAttribute("aria-controls"));
    this.status = document.getElementById(input.getAttribute("data-status"));
    this.active = -1;
    this.options = [];
    this.pasted = null;
    this.timer = 0;
    this.generation = 0;
    input.addEventListener("input", function () {
      if (self.pasted !== null && self.input.value !== self.pastedFlat) self.pasted = null;
      self.schedule();
    });
    input.addEventListener("paste", function (e) {
      var text = e.clipboardData && e.clipboardData.getData("text");
      if (self.kind === "header" && text && text.indexOf("\n") >= 0) {
        // An <input> keeps one line; the ranking gets the whole paste.
        e.preventDefault();
        self.pasted = text;
        self.pastedFlat = text.replace(/\s+/g, " ").trim();
        self.input.value = self.pastedFlat;
        self.schedule();
      }
    });
    input.addEventListener("keydown", function (e) { self.key(e); });
    input.addEventListener("blur", function () {
      if (self.kind === "header") setTimeout(function () { if (!self.results.contains(document.activeElement)) self.close(); }, 150);
    });
    if (input.value) this.schedule();
  }

  Box.prototype.text = function () { return this.pasted !== null ? this.pasted : this.input.value; };

  Box.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, 30);
  };

  Box.prototype.run = function () {
    var self = this;
    var text = this.text();
    var generation = ++this.generation;
    if (!trimWhite(text)) { this.close(); return; }
    searcherFor(this.base).then(function (searcher) {
      self.searcher = searcher;
      return searcher.search(text).then(function (outcome) {
        return Promise.all(outcome.hits.slice(0, 6).map(function (h) { return searcher.fragment(h.page); }))
          .then(function (fragments) { return [outcome, fragments]; });
      });
    }).then(function (result) {
      if (generation !== self.generation) return;
      self.show(result[0], result[1]);
      // What the list now answers (tests wait on it).
      self.results.setAttribute("data-query", text);
    }, function () {
      if (generation !== self.generation) return;
      self.showProblem();
    });
  };

  Box.prototype.clear = function () {
    while (this.results.firstChild) this.results.removeChild(this.results.firstChild);
    this.options = [];
    this.active = -1;
    if (this.kind === "header") this.input.removeAttribute("aria-activedescendant");
  };

  Box.prototype.close = function () {
    this.clear();
    this.results.hidden = true;
    if (this.kind === "header") this.input.setAttribute("aria-expanded", "false");
    if (this.status) this.status.textContent = "";
  };

  Box.prototype.open = function () {
    this.results.hidden = false;
    if (this.kind === "header") this.input.setAttribute("aria-expanded", "true");
  };

  Box.prototype.showProblem = function () {
    this.clear();
    this.open();
    var item = el("li", "search-empty");
    if (this.kind === "header") item.setAttribute("role", "presentation");
    item.appendChild(document.createTextNode("Search is unavailable right now. "));
    var a = el("a", null, "Browse all pages");
    a.href = this.allPages;
    item.appendChild(a);
    this.results.appendChild(item);
    if (this.status) this.status.textContent = "Search is unavailable.";
  };

  Box.prototype.show = function (outcome, fragments) {
    var self = this;
    this.clear();
    this.open();
    var words = new Set(outcome.terms);
    if (!outcome.hits.length) {
      var empty = el("li", "search-empty");
      if (this.kind === "header") empty.setAttribute("role", "presentation");
      empty.appendChild(el("strong", null, outcome.is_paste ? "Nothing on this site fits this error." : "No page matches these words."));
      var p = el("span", "search-empty-next");
      p.appendChild(document.createTextNode(" Look it up in "));
      var a = el("a", null, "the table of errors");
      a.href = (this.searcher && this.searcher.meta.fallback) || this.fallback;
      p.appendChild(a);
      p.appendChild(document.createTextNode(", or "));
      var b = el("a", null, "browse all pages");
      b.href = this.allPages;
      p.appendChild(b);
      p.appendChild(document.createTextNode("."));
      empty.appendChild(p);
      this.results.appendChild(empty);
      if (this.status) this.status.textContent = outcome.is_paste ? "Nothing on this site fits this error." : "No results.";
      return;
    }
    outcome.hits.slice(0, 6).forEach(function (hit, k) {
      var fragment = fragments[k];
      if (!fragment) return;
      var section = fragment.s[hit.section] || ["", "", ""];
      var url = fragment.u + (section[0] ? "#" + section[0] : "");
      var likely = outcome.is_paste && k === 0;
      var item = el("li", "search-hit" + (likely ? " search-likely" : ""));
      var id = self.results.id + "-" + k;
      item.id = id;
      var holder = self.kind === "header" ? item : el("a", "search-hit-link");
      if (self.kind === "header") {
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.addEventListener("mousedown", function (e) { e.preventDefault(); });
        item.addEventListener("click", function () { window.location.href = url; });
      } else {
        holder.href = url;
        item.appendChild(holder);
      }
      if (likely) holder.appendChild(el("span", "search-badge", "Likely fix"));
      holder.appendChild(el("span", "search-title", fragment.t));
      if (section[1] && section[1] !== fragment.t) holder.appendChild(el("span", "search-section", section[1]));
      var snip = el("span", "search-snippet");
      snip.appendChild(snippet(section[2], words));
      holder.appendChild(snip);
      if (likely) {
        var why = hit.fix ? "Your error quotes “" + hit.fix + "”, which this page fixes." :
          "Matched " + hit.matched.slice(0, 3).join(", ") + ".";
        holder.appendChild(el("span", "search-why", why));
      }
      self.results.appendChild(item);
      self.options.push({ item: item, url: url });
    });
    if (this.status) {
      this.status.textContent = outcome.is_paste ? "Likely fix: " + fragments[0].t + "." :
        this.options.length + (this.options.length === 1 ? " result." : " results.");
    }
  };

  Box.prototype.move = function (to) {
    if (!this.options.length) return;
    if (this.active >= 0) this.options[this.active].item.setAttribute("aria-selected", "false");
    this.active = (to + this.options.length) % this.options.length;
    var option = this.options[this.active].item;
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  Box.prototype.key = function (e) {
    if (this.kind !== "header") return;
    if (e.key === "ArrowDown") { e.preventDefault(); if (this.results.hidden) this.run(); else this.move(this.active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); this.move(this.active - 1); }
    else if (e.key === "Enter") {
      var chosen = this.options[this.active >= 0 ? this.active : 0];
      if (chosen) { e.preventDefault(); window.location.href = chosen.url; }
    } else if (e.key === "Escape") {
      if (!this.results.hidden) { e.preventDefault(); this.close(); } else { this.input.value = ""; this.pasted = null; }
    }
  };

  function init() {
    document.querySelectorAll("[data-search-box]").forEach(function (input) {
      if (input.searchBox) return;
      input.searchBox = new Box(input);
      // This script loads when a reader focuses a box: fetch meta.json
      // now, while they type or reach for the paste, not after.
      searcherFor(input.searchBox.base).catch(function () {});
      var pending = input.getAttribute("data-pasted");
      if (pending) {
        input.removeAttribute("data-pasted");
        if (input.searchBox.kind === "header") {
          input.searchBox.pasted = pending;
          input.searchBox.pastedFlat = input.value;
        }
        input.searchBox.schedule();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window !== "undefined" ? window : globalThis);
