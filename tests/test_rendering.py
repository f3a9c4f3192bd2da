"""Paragraph text to HTML: everything escaped, markup only where a span says so."""

from django.utils.html import format_html

from resolutions.reader.rendering import Link, Marker, render_text


def marker(n):
    return Marker(0, format_html('<sup><a href="#fn{}">{}</a></sup>', n, n))


def at(offset, n):
    return Marker(offset, marker(n).html)


def test_plain_text_is_escaped():
    html = render_text('Recalls <script>alert("x")</script> & more')
    assert html == "Recalls &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"


def test_an_emphasis_span_becomes_italics():
    assert render_text("Recalling its resolution", [[0, 9]]) == "<em>Recalling</em> its resolution"


def test_a_footnote_marker_stands_at_its_offset():
    html = render_text("the Convention and more", markers=[at(14, 1)])
    assert html == 'the Convention<sup><a href="#fn1">1</a></sup> and more'


def test_a_mention_links_its_words_and_escapes_its_attributes():
    link = Link(11, 17, "/instruments/a-70-1/", {"class": "cite", "hx-get": '/x/"><b>'})
    html = render_text("the report A/70/1 of", links=[link])
    assert html == (
        'the report <a href="/instruments/a-70-1/" class="cite" '
        'hx-get="/x/&quot;&gt;&lt;b&gt;">A/70/1</a> of'
    )


def test_italics_overlapping_a_link_are_split_and_stay_well_nested():
    html = render_text("abcdef", emphasis=[[0, 4]], links=[Link(2, 6, "/l/")])
    assert html == '<em>ab</em><a href="/l/"><em>cd</em>ef</a>'


def test_a_marker_inside_a_link_is_never_nested_in_it():
    html = render_text("abcdef", markers=[at(3, 7)], links=[Link(1, 5, "/l/")])
    assert html == 'a<a href="/l/">bc</a><sup><a href="#fn7">7</a></sup><a href="/l/">de</a>f'


def test_markers_at_the_end_and_several_at_one_offset_keep_their_order():
    html = render_text("text", markers=[at(4, 1), at(4, 2)])
    assert html == 'text<sup><a href="#fn1">1</a></sup><sup><a href="#fn2">2</a></sup>'


def test_spans_beyond_the_text_are_clipped_and_empty_ones_ignored():
    html = render_text("short", emphasis=[[3, 99], [2, 2], [-5, 1]], links=[Link(9, 12, "/x/")])
    assert html == "<em>s</em>ho<em>rt</em>"


def test_of_two_overlapping_links_the_first_wins():
    html = render_text("abcdef", links=[Link(0, 4, "/one/"), Link(2, 6, "/two/")])
    assert html == '<a href="/one/">abcd</a>ef'


def test_emphasis_spans_that_touch_merge_into_one_element():
    assert render_text("abcd", [[0, 2], [2, 4]]) == "<em>abcd</em>"


def test_empty_text_renders_nothing():
    assert render_text("") == ""


def test_a_span_without_a_link_is_marked():
    assert render_text("the Convention here", links=[Link(4, 14, "")]) == (
        "the <mark>Convention</mark> here"
    )
