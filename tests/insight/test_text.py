"""Query words, the light stemmer and highlighting that never lets typed HTML through."""

from insight.text import MARK_END, MARK_START, mark_stems, marked_html, stem, words


def test_a_word_and_its_other_case_share_a_stem():
    assert stem("фестиваля") == stem("фестиваль") == "фестивал"
    assert stem("тверской") == stem("Тверская") == "тверск"


def test_short_words_keep_their_letters():
    assert stem("дни") == "дни"
    assert stem("края") == "края"


def test_prepositions_and_single_letters_are_not_query_words():
    assert words("Фестиваль в Твери и г. Москва") == ["фестиваль", "твери", "москва"]


def test_yo_is_searched_as_ye():
    assert words("Поёт") == ["поет"]


def test_marks_every_word_that_starts_with_a_stem():
    marked = mark_stems("Фестиваль фестивалей и фест", ["фестивал"])
    assert marked == (f"{MARK_START}Фестиваль{MARK_END} {MARK_START}фестивалей{MARK_END} и фест")


def test_a_long_text_is_cut_around_the_first_match():
    text = "слово " * 100 + "фестиваль" + " слово" * 100
    snippet = mark_stems(text, ["фестивал"], window=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert f"{MARK_START}фестиваль{MARK_END}" in snippet
    assert len(snippet) < 140


def test_typed_html_is_escaped_and_only_marks_become_tags():
    html = marked_html(mark_stems("<script>фестиваль</script>", ["фестивал"]))
    assert html == "&lt;script&gt;<mark>фестиваль</mark>&lt;/script&gt;"
