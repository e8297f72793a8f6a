"""Article bodies: Markdown rendered, then sanitised whatever the editor typed."""

import pytest

from knowledgebase.markdown import markdown_to_text, render_markdown


def test_renders_headings_lists_tables_and_internal_links():
    html = render_markdown(
        "## Steps\n\n1. Open **Assets**\n2. Click [History](/en/kb/a/find-transaction-id/)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<h2>Steps</h2>" in html
    assert "<ol>" in html and "<strong>Assets</strong>" in html
    assert '<a href="/en/kb/a/find-transaction-id/">History</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        '<a href="javascript&#58;alert(1)">x</a>',
        "[img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="steal()">x</p>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="https://evil.example"><input name=password></form>',
    ],
)
def test_hostile_markdown_is_neutralised(hostile):
    html = render_markdown(hostile).lower()
    for needle in ("<script", "javascript:", "data:", "onerror", "onclick", "<iframe", "<form", "<input", "style="):
        assert needle not in html


def test_external_links_get_noopener_nofollow_and_internal_ones_do_not():
    html = render_markdown("[scan](https://etherscan.io/tx/1) and [help](/en/kb/) and [mail](mailto:a@example.com)")
    assert '<a href="https://etherscan.io/tx/1" rel="noopener nofollow">scan</a>' in html
    assert '<a href="/en/kb/">help</a>' in html
    assert '<a href="mailto:a@example.com">mail</a>' in html


def test_editor_supplied_rel_or_target_is_dropped():
    html = render_markdown('<a href="https://example.com" rel="opener" target="_blank">x</a>')
    assert 'rel="noopener nofollow"' in html
    assert 'opener"' not in html.replace('rel="noopener nofollow"', "")
    assert "target" not in html


def test_plain_text_has_one_line_per_block_and_no_markup():
    text = markdown_to_text("# Title\n\nFirst *para* & more.\n\n- one\n- two\n\n<b>x</b><script>y</script>")
    assert text.splitlines()[:4] == ["Title", "First para & more.", "one", "two"]
    assert "<" not in text


@pytest.mark.parametrize(
    "source",
    [
        "![pixel](https://tracker.example/p.gif)",
        "![pixel](//tracker.example/p.gif)",
        "![pixel](HTTP://tracker.example/p.gif)",
        '<img src="https://tracker.example/p.gif">',
        '<img src="/\\tracker.example/p.gif">',
        "![pixel](data:image/png;base64,AAAA)",
    ],
)
def test_articles_embed_no_image_from_another_site(source):
    html = render_markdown(source)
    assert "tracker.example" not in html and "data:" not in html


def test_articles_keep_images_from_our_own_site():
    assert 'src="/static/img/kb/whitelist.png"' in render_markdown("![steps](/static/img/kb/whitelist.png)")
