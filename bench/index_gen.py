#!/usr/bin/env python3
"""Generate article-like originals and pages that copy some of them.

OUT/originals/siteNN/NNNNNN.html  N originals (about 700 words each) on S sites;
    every page of a site shares its header, navigation, footer and a boilerplate
    paragraph inside the article (a newsletter plug), as real sites do.
OUT/copies/NNNNNN.html            M pages on other sites; each copies part of one
    original (a third to all of it) and adds text of its own.
OUT/copies.tsv                    copy file, copied original URL, share copied.

The text is pseudo-English: Zipf-distributed words from a fixed vocabulary with
common function words, so shingles repeat about as often as in real prose.
Python 3 standard library only; deterministic for a given --seed.
"""
import argparse
import os
import random

FUNCTION = ("the of and to a in is that for it as was with on by be at this are from "
            "or have an they which one you were her all she there would their we him "
            "been has when who will more no if out so said what up its about into than "
            "them can only other new some could time these two may then do first any").split()
SYLLABLES = ("ka lo mi ne tor vas pel dri sun gra fe bo qui ran zel hu mar tin ost ber "
             "cal den fur gim hal jor kel lun mos nar pim rud sal tem ul vor wen yar zo").split()


def vocabulary(rng, size=30000):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    words = sorted(words)
    rng.shuffle(words)
    return words


class Writer:
    def __init__(self, seed):
        rng = random.Random(seed)
        self.vocab = vocabulary(rng)
        weights = [1.0 / (i + 1) ** 1.05 for i in range(len(self.vocab))]
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def words(self, rng, n):
        content = rng.choices(self.vocab, cum_weights=self.cum, k=n)
        out = []
        for i, w in enumerate(content):
            if rng.random() < 0.45:
                out.append(rng.choice(FUNCTION))
            out.append(w)
        return out[:n]

    def paragraphs(self, rng, n_words):
        words = self.words(rng, n_words)
        paras, i = [], 0
        while i < len(words):
            size = rng.randint(40, 110)
            chunk = words[i:i + size]
            sentences, j = [], 0
            while j < len(chunk):
                s = chunk[j:j + rng.randint(8, 24)]
                sentences.append(" ".join(s).capitalize() + ".")
                j += len(s)
            paras.append(" ".join(sentences))
            i += size
        return paras


def site_of(rng, writer, s):
    name = "Site%02d %s" % (s, writer.words(rng, 1)[0].capitalize())
    return {
        "host": "www.site%02d.example" % s,
        "name": name,
        "nav": " | ".join(w.capitalize() for w in writer.words(rng, 12)),
        "plug": " ".join(writer.words(rng, 35)).capitalize() + ". Subscribe to the " + name
                + " newsletter.",
        "footer": " ".join(writer.words(rng, 60)).capitalize() + ".",
        "license": "CC-BY-4.0" if s % 3 == 0 else None,
    }


def page_html(site, path, title, author, paras):
    lic = ""
    if site["license"]:
        lic = ('<p>This article is licensed under <a rel="license" '
               'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p>')
    body = "\n".join("<p>%s</p>" % p for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - {site['name']}</title>
<link rel="canonical" href="https://{site['host']}/{path}">
<meta property="og:site_name" content="{site['name']}">
<meta name="author" content="{author}">
</head><body>
<header><a href="/">{site['name']}</a><nav>{site['nav']}</nav></header>
<main><article><h1>{title}</h1><p class="byline">By {author}</p>
{body}
<p class="plug">{site['plug']}</p>
{lic}</article></main>
<footer><p>{site['footer']}</p><p>&copy; 2024 {site['name']}</p></footer>
</body></html>
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--originals", type=int, default=2000)
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--sites", type=int, default=0, help="default: originals / 200, at least 5")
    ap.add_argument("--words", type=int, default=700)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    writer = Writer(a.seed)
    n_sites = a.sites or max(5, a.originals // 200)
    sites = [site_of(rng, writer, s) for s in range(n_sites)]
    bodies = {}
    for i in range(a.originals):
        s = i % n_sites
        site = sites[s]
        paras = writer.paragraphs(rng, int(rng.gauss(a.words, a.words / 6)) or a.words)
        title = " ".join(writer.words(rng, 7)).capitalize()
        path = "articles/%06d.html" % i
        d = os.path.join(a.out, "originals", "site%02d" % s, "articles")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "%06d.html" % i), "w") as f:
            f.write(page_html(site, path, title, "Author %d" % (i % 97), paras))
        if i < 50000 and rng.random() < max(0.05, a.copies / max(1, a.originals) * 3):
            bodies[i] = (site, path, paras)
    copier = site_of(rng, writer, 99)
    copier["host"], copier["license"] = "copier.example", None
    d = os.path.join(a.out, "copies")
    os.makedirs(d, exist_ok=True)
    keys = sorted(bodies)
    with open(os.path.join(a.out, "copies.tsv"), "w") as tsv:
        for j in range(min(a.copies, len(keys))):
            site, path, paras = bodies[keys[rng.randrange(len(keys))]]
            share = rng.choice((1.0, 1.0, 0.6, 0.33))
            taken = paras[: max(1, int(len(paras) * share))]
            own = writer.paragraphs(rng, 200)
            html = page_html(copier, "c/%06d.html" % j, "Copy %d" % j, "Someone", taken + own)
            with open(os.path.join(d, "%06d.html" % j), "w") as f:
                f.write(html)
            tsv.write("copies/%06d.html\thttps://%s/%s\t%.2f\n" % (j, site["host"], path, share))


if __name__ == "__main__":
    main()
