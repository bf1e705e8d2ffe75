"""HTML pages through trafilatura: main text and metadata kept, menus, footer and comments gone."""

import pytest

from factionmap.errors import InvalidInput
from factionmap.ingest import read_html_article

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Northern Front splits from River Brigade | Sahel Monitor</title>
<meta property="og:site_name" content="Sahel Monitor">
<meta name="author" content="Amina Diallo">
<meta property="article:published_time" content="2023-04-17T09:30:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/about">About Us</a></li></ul></nav></header>
<main><article>
<h1>Northern Front splits from River Brigade</h1>
<p>The Northern Front announced on Monday that it had broken ties with the River Brigade after months
of disputes over the control of smuggling routes near the border.</p>
<p>A spokesman for the Northern Front said the group would continue to fight government forces in the
region, but would no longer coordinate its operations with its former partner.</p>
<p>Analysts said the split could weaken both groups, which had cooperated closely for three years.</p>
<p>Subscribe to our newsletter for more stories like this. Sign up now!</p>
</article></main>
<section id="comments"><h3>3 Comments</h3>
<div class="comment"><p>The River Brigade is funded by foreign agents, everyone knows it.</p></div>
<div class="comment"><p>Great article, the Northern Front will attack the capital soon.</p></div>
</section>
<footer><p>© 2023 Sahel Monitor. All rights reserved.</p><a href="/privacy">Privacy Policy</a></footer>
</body></html>"""


def test_main_text_and_metadata() -> None:
    article = read_html_article(PAGE, "page", "page.html", url="https://example.org/a")
    assert article.title == "Northern Front splits from River Brigade"
    assert (article.author, article.publisher, article.published) == (
        "Amina Diallo",
        "Sahel Monitor",
        "2023-04-17",
    )
    assert article.url == "https://example.org/a"
    lines = article.text.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("The Northern Front announced on Monday")
    assert lines[2].endswith("cooperated closely for three years.")


def test_comments_navigation_footer_and_prompts_are_dropped() -> None:
    text = read_html_article(PAGE.encode("utf-8"), "page").text
    for junk in (
        "foreign agents",
        "attack the capital",
        "About Us",
        "All rights reserved",
        "Subscribe",
        "Privacy Policy",
    ):
        assert junk not in text


def test_page_without_text_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="no article text"):
        read_html_article("<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty", "e.html")
