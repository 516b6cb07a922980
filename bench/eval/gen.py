#!/usr/bin/env python3
"""Write page pairs with known ground truth for `attrcheck compare` (issue 4, item 6).

For each source article it writes ORIGINAL and COPY pages and truth.json:

  verbatim    the whole article, another site's page
  nav-footer  the whole article inside another site's navigation, sidebar and footer
  truncated   the first 30-70 % of the article (cut at a sentence), "to be continued"
  excerpt     20-40 % from the middle
  edit-5      5 % of the words changed (replaced, dropped or added)
  edit-15     15 % of the words changed
  reorder     the sentences of each paragraph in another order
  unrelated   another article on the same topic (shared stock phrases, no copying)
  same-story  another article that tells the same story: both quote the same two
              statements (“…”, 20-40 words each) and name the same office (a
              named phrase of 9-12 words), and share nothing else; expected
              related or unrelated, and never a copy (issue 15)

Truth passages are byte ranges [start, end) in both HTML files, from the first to
the last letter of the copied text. Articles come from the development corpus
(../shared/corpus/real-pages from the project root) when it is there, and from a
generator of pseudo-articles otherwise (and in addition). Python 3 stdlib only.

usage: gen.py [--out DIR] [--seed N] [--real N] [--pseudo N] [--text]
"""
import argparse
import html
import html.parser
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "shared", "corpus", "real-pages")
WORD = re.compile(r"[^\W_]+")
# Scripts written without spaces: attrcheck makes each character a token.
NO_SPACE = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3005-\u3007"
                      "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                      "\uf900-\ufaff]")


def token_spans(text):
    """(start, end) of each token as attrcheck cuts them (close enough to count)."""
    spans = []
    for m in WORD.finditer(text):
        start = m.start()
        for i in range(m.start(), m.end()):
            if NO_SPACE.match(text[i]):
                if start < i:
                    spans.append((start, i))
                spans.append((i, i + 1))
                start = i + 1
        if start < m.end():
            spans.append((start, m.end()))
    return spans


def count_tokens(text):
    return len(token_spans(text))

# ---------------------------------------------------------------- pseudo-articles

FUNCTION = ("the of and to a in that is was for on with as by at from it this be are "
            "have has had not but or an they their its which who will would more after "
            "than about over into also can new some two first last most").split()
STOCK = ["according to officials", "said in a statement", "on Monday", "last year",
         "in the coming months", "people familiar with the matter said",
         "declined to comment", "for the first time", "at the end of the day",
         "the company said", "in recent years", "it is not clear whether"]
TOPICS = {
    "housing": "city council housing plan homes rent tenants landlords zoning mayor "
               "developers units construction neighborhood residents vote budget "
               "apartments affordable permits density transit planners district "
               "committee proposal market prices mortgage buyers".split(),
    "energy": "energy grid solar wind power utility prices customers battery storage "
              "emissions coal gas plant capacity demand winter regulators turbines "
              "investment transmission renewable carbon policy fuel households bills".split(),
    "tech": "company software users data privacy platform model launch chips startup "
            "investors cloud security update app engineers market revenue quarter "
            "regulators lawsuit servers network device features subscription".split(),
}


SYLLABLES = ("ba be bi bo da de di do fa fe fi ga ge go ka ke ki ko la le li lo ma me mi "
             "mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi "
             "an en in on ar er ir or al el il ol").split()


def general_words(n, seed=0):
    """n made-up words of 2-4 syllables: the open vocabulary of an article."""
    rng = random.Random(seed)
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


GENERAL = general_words(3000)
GENERAL_WEIGHTS = [1.0 / (i + 10) for i in range(len(GENERAL))]   # Zipf-like reuse


def pseudo_article(rng, topic, n_par):
    """Sentences of function words (about 45 %), topic words, an open vocabulary and
    stock phrases that unrelated articles on the topic share."""
    nouns = TOPICS[topic]
    weights = [1.0 / (i + 1) for i in range(len(nouns))]
    paras = []
    for _ in range(n_par):
        sents = []
        for _ in range(rng.randint(3, 6)):
            n = rng.randint(8, 26)
            words = []
            while len(words) < n:
                r = rng.random()
                if r < 0.05:
                    words.extend(rng.choice(STOCK).split())
                elif r < 0.5:
                    words.append(rng.choice(FUNCTION))
                elif r < 0.7:
                    words.append(rng.choices(nouns, weights)[0])
                else:
                    words.append(rng.choices(GENERAL, GENERAL_WEIGHTS)[0])
            words[0] = words[0].capitalize()
            sents.append(" ".join(words) + rng.choice([".", ".", ".", "?"]))
        paras.append(sents)
    return paras

# ---------------------------------------------------------------- real pages


class ParaText(html.parser.HTMLParser):
    """Text of <p> elements (no scripts), the article body of most news pages."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.cur = []
        self.paras = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self.skip += 1
        elif tag == "p":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript"):
            self.skip = max(0, self.skip - 1)
        elif tag == "p" and self.depth:
            self.depth -= 1
            text = " ".join("".join(self.cur).split())
            if count_tokens(text) >= 12:
                self.paras.append(text)
            self.cur = []

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.cur.append(data)


def split_sentences(text):
    parts = re.split(r"(?<=[.!?…])\s+", text)
    return [p for p in parts if p]


def real_articles(limit):
    if not os.path.isdir(CORPUS):
        return []
    out = []
    for name in sorted(os.listdir(CORPUS)):
        if len(out) >= limit:
            break
        try:
            with open(os.path.join(CORPUS, name), encoding="utf-8", errors="replace") as f:
                p = ParaText()
                p.feed(f.read())
        except Exception:     # a page the stdlib parser cannot read is simply skipped
            continue
        paras = [split_sentences(t) for t in p.paras]
        words = sum(count_tokens(" ".join(s)) for s in paras)
        if 300 <= words <= 6000:
            out.append((name, paras))
    return out

# ---------------------------------------------------------------- pages


class Page:
    """A page built piece by piece, with the byte offset of every piece. In text
    mode markup is dropped (blocks become line breaks): pages for --plain."""

    def __init__(self, text_mode):
        self.parts = []
        self.size = 0
        self.text_mode = text_mode

    def put(self, s):
        self.parts.append(s)
        self.size += len(s.encode("utf-8"))

    def tag(self, s, block=False):
        if not self.text_mode:
            self.put(s)
        elif block:
            self.put("\n")

    def words(self, s):
        """Chrome text: escaped in HTML."""
        self.put(s if self.text_mode else html.escape(s, quote=False))

    def text(self, s):
        """Article text; returns the byte range [start, end) of its letters."""
        esc = s if self.text_mode else html.escape(s, quote=False)
        start = self.size
        self.put(esc)
        words = list(WORD.finditer(esc))
        if not words:
            return (start, start)
        lead = len(esc[:words[0].start()].encode("utf-8"))
        tail = len(esc[:words[-1].end()].encode("utf-8"))
        return (start + lead, start + tail)

    def bytes(self):
        return "".join(self.parts).encode("utf-8")


CHROME = {
    "orig": ("The Daily Original", ["Home", "World", "Politics", "Business", "Science"]),
    "copy": ("Aggregator News Hub", ["Start", "Trending", "Latest stories", "Videos",
                                     "Newsletter", "Contact us"]),
}


def page_head(pg, title, site):
    pg.tag('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>')
    pg.words(title + " | " + site)
    pg.tag("</title>\n</head>\n<body>\n", block=True)


def nav(pg, site, links, heavy):
    pg.tag('<header><div class="logo">')
    pg.words(site)
    pg.tag("</div>\n<nav><ul>", block=True)
    for i, l in enumerate(links):
        pg.tag('<li><a href="/' + l.lower().replace(" ", "-") + '">')
        pg.words(l if not pg.text_mode or i == 0 else " | " + l)
        pg.tag("</a></li>")
    pg.tag("</ul></nav></header>\n", block=True)
    if heavy:
        pg.tag('<aside class="sidebar"><h3>')
        pg.words("Most read")
        pg.tag("</h3><ul>", block=True)
        for i in range(8):
            pg.tag('<li><a href="/story/%d">' % i)
            pg.words("Story number %d that everyone is reading today about prices and plans" % i)
            pg.tag("</a></li>", block=True)
        pg.tag("</ul></aside>\n", block=True)


def footer(pg, site, heavy):
    pg.tag("<footer>", block=True)
    if heavy:
        for line in ["Subscribe to our newsletter for the best stories every morning, "
                     "delivered free to your inbox by the editors of " + site + ".",
                     "About us. Careers. Advertise with us. Privacy policy. Terms of use. "
                     "Cookie settings. Accessibility statement. Sitemap."]:
            pg.tag("<p>")
            pg.words(line)
            pg.tag("</p>", block=True)
    pg.tag("<p>")
    pg.words("\u00a9 2024 " + site)
    pg.tag("</p></footer>\n</body>\n</html>", block=True)
    pg.put("\n")


def write_page(sentences_by_para, side, text_mode, heavy=False, before=None, after=None,
               title="A story"):
    """sentences_by_para: [[(text, tag)]] -> bytes, {tag: (start, end)} of each sentence."""
    site, links = CHROME[side]
    pg = Page(text_mode)
    spans = {}
    bare = text_mode and side == "orig"   # an original as kept in an index: the text alone
    if not bare:
        page_head(pg, title, site)
        nav(pg, site, links, heavy)
    pg.tag("<main><article>\n", block=True)
    for extra in ([before] if before else []):
        pg.tag("<p>", block=True)
        pg.words(extra)
        pg.tag("</p>\n", block=True)
    for para in sentences_by_para:
        pg.tag("<p>", block=True)
        for i, (text, tag) in enumerate(para):
            if i:
                pg.put(" ")
            spans[tag] = pg.text(text)
        pg.tag("</p>\n", block=True)
    for extra in ([after] if after else []):
        pg.tag("<p>", block=True)
        pg.words(extra)
        pg.tag("</p>\n", block=True)
    pg.tag("</article></main>\n", block=True)
    if not bare:
        footer(pg, site, heavy)
    return pg.bytes(), spans

# ---------------------------------------------------------------- copies


def tagged(paras):
    return [[(s, (pi, si)) for si, s in enumerate(p)] for pi, p in enumerate(paras)]


def flat_tags(paras):
    return [(pi, si) for pi, p in enumerate(paras) for si in range(len(p))]


def edit_words(rng, paras, rate, vocab):
    """Change `rate` of the tokens: replace 70 %, drop 15 %, add 15 %."""
    out = []
    for p in paras:
        np_ = []
        for s_ in p:
            res, at = [], 0
            for start, end in token_spans(s_):
                res.append(s_[at:start])
                at = end
                r = rng.random()
                if r >= rate:
                    res.append(s_[start:end])
                elif r < rate * 0.70:
                    res.append(rng.choice(vocab))
                elif r < rate * 0.85:
                    continue
                else:
                    res.append(s_[start:end] + " " + rng.choice(vocab) + " ")
            res.append(s_[at:])
            edited = "".join(res).strip()
            np_.append(edited if WORD.search(edited) else s_)
        out.append(np_)
    return out


def sentence_cut(paras, lo_frac, hi_frac):
    """Sentence tags whose word position falls in [lo_frac, hi_frac) of the article."""
    tags = flat_tags(paras)
    counts = [count_tokens(paras[pi][si]) for pi, si in tags]
    total = sum(counts)
    keep, at = [], 0
    for t, c in zip(tags, counts):
        mid = (at + c / 2) / total
        if lo_frac <= mid < hi_frac:
            keep.append(t)
        at += c
    return keep


def subset(paras, keep):
    keep = set(keep)
    out = []
    for pi, p in enumerate(paras):
        np_ = [(s, (pi, si)) for si, s in enumerate(p) if (pi, si) in keep]
        if np_:
            out.append(np_)
    return out


def runs(tags_in_copy_order, all_tags):
    """Group consecutive sentence tags (consecutive in the original too) into passages."""
    index = {t: i for i, t in enumerate(all_tags)}
    groups = []
    for t in tags_in_copy_order:
        if groups and index[t] == index[groups[-1][-1]] + 1:
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


def truth_passages(groups, ospans, cspans):
    res = []
    for g in groups:
        o = (ospans[g[0]][0], ospans[g[-1]][1])
        c = (cspans[g[0]][0], cspans[g[-1]][1])
        res.append({"original": list(o), "copy": list(c)})
    return res


def words_in(paras, tags):
    return sum(count_tokens(paras[pi][si]) for pi, si in tags)


def statement(rng, lo, hi):
    """A made-up quotation of lo..hi words: what a press release or a filing says."""
    n = rng.randint(lo, hi)
    words = [rng.choice(FUNCTION) if rng.random() < 0.45 else rng.choices(GENERAL, GENERAL_WEIGHTS)[0]
             for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words)


def named_phrase(rng):
    """The name of an office or court, 9-12 words, as both stories spell it."""
    a, b, c = (rng.choice(GENERAL).capitalize() for _ in range(3))
    return rng.choice(["the %s Attorney's Office for the %s District of %s",
                       "the Office of the %s Commissioner for %s and %s Affairs"]) % (a, b, c)


def with_shared(rng, paras, quotes, phrase):
    """paras with the quotations and the named phrase put into their own sentences."""
    out = [list(p) for p in paras]
    n = len(out)
    out[0].insert(min(1, len(out[0])), "The case was brought by %s." % phrase)
    for i, q in enumerate(quotes):
        p = out[min(n - 1, (i + 1) * n // (len(quotes) + 1))]
        p.insert(len(p) // 2, "\u201c%s,\u201d %s said." % (q, rng.choice(["she", "he", "a spokesperson"])))
    return out


def same_story(rng, paras, other, text_mode):
    quotes = [statement(rng, 20, 40) for _ in range(2)]
    phrase = named_phrase(rng)
    orig, _ = write_page(tagged(with_shared(rng, paras, quotes, phrase)), "orig", text_mode,
                         title="Original story")
    copy, _ = write_page(tagged(with_shared(rng, other, quotes, phrase)), "copy", text_mode,
                         heavy=True, title="The same story, told again")
    return orig, copy, {"kind": "same-story", "class": "related", "original_coverage": 0.0,
                        "passages": []}


def make_case(rng, kind, paras, other, vocab, text_mode):
    """-> (original bytes, copy bytes, truth dict)."""
    tags = flat_tags(paras)
    orig, ospans = write_page(tagged(paras), "orig", text_mode, title="Original story")
    total = words_in(paras, tags)
    expect = {"verbatim": "verbatim", "nav-footer": "verbatim", "truncated": "truncated",
              "excerpt": "excerpt", "edit-5": "lightly-edited", "edit-15": "lightly-edited",
              "reorder": "lightly-edited", "unrelated": "unrelated",
              "same-story": "related"}[kind]
    copied = tags
    after = before = None
    heavy = kind == "nav-footer"
    if kind == "same-story":
        return same_story(rng, paras, other, text_mode)
    if kind == "unrelated":
        copy, _ = write_page(tagged(other), "copy", text_mode, heavy=True, title="Another story")
        return orig, copy, {"kind": kind, "class": expect, "original_coverage": 0.0,
                            "passages": []}
    if kind == "truncated":
        copied = sentence_cut(paras, 0.0, rng.uniform(0.3, 0.7))
        after = "\u2026 to be continued. Read the original article."
    elif kind == "excerpt":
        start = rng.uniform(0.2, 0.5)
        copied = sentence_cut(paras, start, start + rng.uniform(0.2, 0.4))
        before = "Here is an excerpt from a story we liked."
    if kind in ("edit-5", "edit-15"):
        rate = 0.05 if kind == "edit-5" else 0.15
        body = tagged(edit_words(rng, paras, rate, vocab))
    elif kind == "reorder":
        body = []
        for p in tagged(paras):
            p = list(p)
            rng.shuffle(p)
            body.append(p)
        if [t for p in body for _, t in p] == tags:   # one-sentence paragraphs only
            expect = "verbatim"
    else:
        body = subset(paras, copied)
    copy, cspans = write_page(body, "copy", text_mode, heavy=heavy, before=before, after=after,
                              title="Copied story")
    order = [t for p in body for _, t in p]
    if kind in ("edit-5", "edit-15"):
        groups = [tags]                      # one obfuscated passage: the whole article
    else:
        groups = runs(order, tags)
    truth = {"kind": kind, "class": expect,
             "original_coverage": round(words_in(paras, copied) / total, 4),
             "passages": truth_passages(groups, ospans, cspans)}
    return orig, copy, truth


KINDS = ["verbatim", "nav-footer", "truncated", "excerpt", "edit-5", "edit-15", "reorder",
         "unrelated", "same-story"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(HERE, "..", "out", "eval"))
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--real", type=int, default=8, help="articles from the corpus, when present")
    ap.add_argument("--pseudo", type=int, default=8, help="generated pseudo-articles")
    ap.add_argument("--text", action="store_true",
                    help="plain-text pages (for compare --plain) instead of HTML")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    story_rng = random.Random(args.seed + 1000)
    articles = [(n, p) for n, p in real_articles(args.real)]
    topics = sorted(TOPICS)
    for i in range(args.pseudo):
        articles.append(("pseudo-%d" % i, pseudo_article(rng, topics[i % len(topics)],
                                                         rng.randint(6, 14))))
    vocab = sorted({w for t in TOPICS.values() for w in t} | set(FUNCTION))
    n = 0
    for ai, (name, paras) in enumerate(articles):
        if name.startswith("pseudo-"):       # same topic, written independently
            other = pseudo_article(rng, topics[int(name[7:]) % len(topics)], rng.randint(6, 14))
        else:
            other = articles[(ai + 1) % len(articles)][1]
        for kind in KINDS:
            d = os.path.join(args.out, "%02d-%s" % (ai, kind))
            os.makedirs(d, exist_ok=True)
            # same-story draws from its own generator, so the other cases stay as they were
            orig, copy, truth = make_case(story_rng if kind == "same-story" else rng, kind,
                                          paras, other, vocab, args.text)
            truth["source"] = name
            truth["plain"] = args.text
            ext = ".txt" if args.text else ".html"
            with open(os.path.join(d, "original" + ext), "wb") as f:
                f.write(orig)
            with open(os.path.join(d, "copy" + ext), "wb") as f:
                f.write(copy)
            with open(os.path.join(d, "truth.json"), "w") as f:
                json.dump(truth, f, indent=1)
            n += 1
    print("wrote %d cases from %d articles (%d from the corpus) to %s"
          % (n, len(articles), len(articles) - args.pseudo, os.path.normpath(args.out)))


if __name__ == "__main__":
    sys.exit(main())
