"""Finding a quote again in a paragraph whose text may have changed."""

from hypothesis import assume, given
from hypothesis import strategies as st

from annotations.anchoring import find_span


def find_quote(text, exact, prefix="", suffix=""):
    """Where the quote starts, as a page places it."""
    span = find_span(text, exact, prefix, suffix)
    return span[0] if span else None


TEXT = "Urges States to act, and urges States to report on what they did."


def test_a_repeated_quote_is_told_apart_by_its_context():
    assert find_quote(TEXT, "urges States", prefix="act, and ") == TEXT.index("urges States")
    assert find_quote(TEXT, "States", suffix=" to report") == TEXT.rindex("States")
    assert find_quote(TEXT, "States", prefix="Urges ") == TEXT.index("States")


def test_a_quote_survives_changed_spacing_around_its_words():
    # The span covers the words as the text spaces them, for the page to mark all of them.
    assert find_span("to act,\n and   urges", "act, and urges") == (3, 20)


def test_a_quote_whose_words_are_gone_is_not_found():
    assert find_quote(TEXT, "calls upon") is None
    assert find_quote(TEXT, "   ") is None


words = st.text(alphabet="abcde ", min_size=1, max_size=40)


@given(before=words, quote=words, after=words)
def test_a_quote_is_found_where_it_was_taken_from_when_its_context_is_unique(before, quote, after):
    assume(quote.strip())
    text = before + quote + after
    start = find_quote(text, quote, prefix=before[-32:], suffix=after[:32])
    assert start is not None
    found = text[start:]
    assert " ".join(found.split()).startswith(" ".join(quote.split()))


@given(text=st.text(max_size=80), quote=st.text(max_size=20))
def test_whatever_it_returns_is_a_place_where_the_quote_s_words_stand(text, quote):
    span = find_span(text, quote)
    if span is not None:
        start, end = span
        assert " ".join(text[start:end].split()) == " ".join(quote.split())
