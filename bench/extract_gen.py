#!/usr/bin/env python3
"""Generate news-like pages with a known article body, for the extraction benches.

  extract_gen.py pages N DIR     N pages DIR/page-XXXX.html, each with DIR/page-XXXX.txt
                                 (the intended body: paragraphs and subheadings)
  extract_gen.py big MIB FILE    one page of about MIB MiB (one long article plus chrome)

Layouts mimic real news markup: semantic HTML5, div soup with class names only,
table layouts, <br>-separated text, itemprop=articleBody, pages with teaser cards
in <article> elements, comment threads, share bars, related lists, bylines,
figure captions, cookie banners and footers. Deterministic for a given N.
Python 3 stdlib only.
"""
import html
import os
import random
import sys

WORDS = ("harbour council report market energy river school budget vote storm museum "
         "railway hospital season player festival bridge farmers prices research students "
         "water housing police court station airport summer winter company workers plan city "
         "region minister public local night morning officials said would could after before "
         "during between under village coast forest mayor union league trial doctors nurses "
         "teachers engineers drivers tenants owners visitors").split()


def sentence(rng, lo=8, hi=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if len(words) > 10 and rng.random() < 0.5:
        words[rng.randint(3, len(words) - 3)] += ","
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def body(rng, n=None):
    """The intended body: a list of (kind, text), kind 'p' or 'h2'."""
    out = []
    for i in range(n or rng.randint(5, 14)):
        if i > 1 and rng.random() < 0.15:
            out.append(("h2", sentence(rng, 3, 7)[:-1]))
        out.append(("p", paragraph(rng)))
    return out


def links(rng, n, cls=""):
    return " ".join(f'<a href="/{rng.choice(WORDS)}/{i}"{cls}>{sentence(rng, 1, 3)[:-1]}</a>'
                    for i in range(n))


def nav(rng):
    return f'<ul>{"".join(f"<li>{links(rng, 1)}</li>" for _ in range(rng.randint(5, 12)))}</ul>'


def comments(rng):
    return "".join(f'<div class="comment"><p class="comment-author">{rng.choice(WORDS)}</p>'
                   f'<p>{sentence(rng)} {sentence(rng)}</p></div>' for _ in range(rng.randint(1, 6)))


def related(rng):
    return "".join(f'<li>{links(rng, 1)} <p>{sentence(rng)}</p></li>'
                   for _ in range(rng.randint(3, 6)))


def render_body(parts, rng, figure=True):
    out = []
    for i, (kind, text) in enumerate(parts):
        out.append(f"<{kind}>{html.escape(text, quote=False)}</{kind}>")
        if figure and i == 1:
            out.append(f'<figure><img src="/img/{i}.jpg" alt=""><figcaption>{sentence(rng, 4, 9)} '
                       f'Photo: {rng.choice(WORDS).title()} Agency</figcaption></figure>')
        if i == 2 and rng.random() < 0.5:
            out.append(f'<div class="share-bar">{links(rng, 4)}</div>')
        if i == 3 and rng.random() < 0.4:
            out.append(f'<aside class="inline-related"><h3>Read more</h3><ul>{related(rng)}</ul></aside>')
    return "\n".join(out)


def head(title):
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<script>var x = "{title}";</script><style>.a{{color:red}}</style></head>')


def semantic(rng, parts, title):
    return f"""{head(title)}<body><div class="cookie-banner">{sentence(rng)} <button>OK</button></div>
<header class="site-header"><a href="/">Daily</a><nav>{nav(rng)}</nav></header>
<main><article><header><h1>{title}</h1><p class="byline">By {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}</p></header>
{render_body(parts, rng)}
<footer class="article-tags">{links(rng, 4)}</footer></article>
<section class="comments"><h2>Comments</h2>{comments(rng)}</section></main>
<aside class="sidebar"><h2>Most read</h2><ul>{related(rng)}</ul></aside>
<footer class="site-footer"><p>{sentence(rng)}</p>{nav(rng)}</footer></body></html>"""


def divsoup(rng, parts, title):
    return f"""{head(title)}<body><div id="wrapper"><div id="top-menu">{nav(rng)}</div>
<div class="main-col"><div class="post"><h1 class="post-title">{title}</h1>
<div class="post-byline">{rng.choice(WORDS).title()} | {rng.randint(1, 28)} May</div>
<div class="post-body">{render_body(parts, rng)}</div>
<div class="social-share">{links(rng, 5)}</div></div>
<div id="comments">{comments(rng)}</div></div>
<div class="right-sidebar"><div class="widget"><ul>{related(rng)}</ul></div>
<div class="widget">{links(rng, 8)}</div></div>
<div id="footer">{sentence(rng)} {links(rng, 6)}</div></div></body></html>"""


def table(rng, parts, title):
    text = "<br><br>\n".join(html.escape(t, quote=False) if k == "p" else f"<b>{html.escape(t)}</b>"
                             for k, t in parts)
    return f"""{head(title)}<body><table width="100%"><tr><td colspan="3">{links(rng, 6)}</td></tr>
<tr><td width="150">{nav(rng)}</td><td><font size="5">{title}</font><br><br>
{text}
</td><td width="160">{links(rng, 10)}</td></tr><tr><td colspan="3">{sentence(rng)}</td></tr></table></body></html>"""


def teasers(rng, parts, title):
    cards = "".join(f'<article class="card"><h3>{links(rng, 1)}</h3><p>{sentence(rng)}</p></article>'
                    for _ in range(rng.randint(3, 8)))
    return f"""{head(title)}<body><nav>{nav(rng)}</nav>
<div class="layout"><div class="story"><h1>{title}</h1>
<div itemprop="articleBody">{render_body(parts, rng)}</div></div>
<section class="related">{cards}</section></div>
<footer>{nav(rng)}</footer></body></html>"""


LAYOUTS = [semantic, divsoup, table, teasers]


def gold(parts):
    return "\n".join(t for _, t in parts) + "\n"


def pages(n, out):
    rng = random.Random(1234)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        parts = body(rng)
        title = sentence(rng, 4, 9)[:-1]
        page = LAYOUTS[i % len(LAYOUTS)](rng, parts, title)
        base = os.path.join(out, f"page-{i:04d}")
        with open(base + ".html", "w", encoding="utf-8") as f:
            f.write(page)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write(gold(parts))


def big(mib, path):
    rng = random.Random(99)
    target = int(mib * 1048576)
    parts, size = [], 0
    while size < target * 1.02:
        p = body(rng, 50)
        parts.extend(p)
        size += sum(len(t) + 9 for _, t in p) + 400
    with open(path, "w", encoding="utf-8") as f:
        f.write(semantic(rng, parts, "A very long page"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "pages":
        pages(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "big":
        big(float(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
