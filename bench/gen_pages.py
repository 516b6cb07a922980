#!/usr/bin/env python3
"""Write N article-like HTML pages with a mix of attribution notices into DIR.

Used by bench/jobs.sh (parallel speed-up) and handy for trying the tool on a
tree. Deterministic for a given seed, so two runs compare byte for byte.
"""
import os
import random
import sys

WORDS = ("harbour council report market energy river school budget vote storm "
         "museum railway hospital season player festival bridge farmers prices "
         "research students water housing police court station airport summer "
         "winter company workers plan city region minister public local night "
         "morning officials said would could after before during between under").split()

SITES = [("The Verge", "https://www.theverge.com/"), ("FredZone", "https://www.fredzone.org/"),
         ("The Harbour Gazette", "https://harbourgazette.example/"),
         ("Le Monde", "https://www.lemonde.fr/"), ("ProPublica", "https://www.propublica.org/")]


def sentence(rng):
    n = rng.randint(8, 22)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def notice(rng, i):
    name, home = rng.choice(SITES)
    url = f"{home}{2020 + i % 4}/article-{i}"
    kind = i % 5
    if kind == 0:
        return f'<p>Originally published by <a href="{url}">{name}</a>.</p>'
    if kind == 1:
        return (f'<p>Source : {name}</p><p><a href="{url}">Read the Original Article</a></p>'
                f'<div>Copyright for syndicated content belongs to the linked Source : '
                f'<a href="{url}">{name} – {url}</a></div>')
    if kind == 2:
        other = rng.choice(SITES)[1]
        return f'<p>This article first appeared on <a href="{other}x/{i}">{name}</a>.</p>'
    if kind == 3:
        return f'<p>© {2015 + i % 9} Example Media Ltd. All rights reserved.</p>'
    return ""


def page(rng, i):
    body = "\n".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(6, 14)))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Article {i}</title>
<link rel="canonical" href="https://ours.example/{i}"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>{sentence(rng)}</h1>
{body}
{notice(rng, i)}
</article></main>
<footer><p>Ours Example – all the news.</p></footer></body></html>
"""


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_pages.py N DIR")
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    for i in range(n):
        sub = os.path.join(out, f"{i // 100:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"page-{i:05d}.html"), "w", encoding="utf-8") as f:
            f.write(page(rng, i))


if __name__ == "__main__":
    main()
