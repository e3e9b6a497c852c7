"""A headline's quote that the body quotes again is the body's quote (corpus_cli/extract/quotes.py)."""

from corpus_cli.extract.quotes import extract_quotes

BODY = ('Ted Cruz spoke in Iowa on Monday. "I fear the same thing is true for Marco Rubio," Cruz said of the '
        "court.")


def test_a_headline_quote_the_body_repeats_goes():
    text = "Cruz: Trump Would Put Liberals On Court, ‘I Fear The Same Thing Is True’ For Rubio.\n\n" + BODY
    quotes = extract_quotes(text)
    assert [(q.text, q.speaker) for q in quotes] == [("I fear the same thing is true for Marco Rubio,", "Ted Cruz")]


def test_a_headline_quote_alone_and_a_sentence_quote_stay():
    # No quote of the body says it again: the headline's quote is all the article has of it.
    text = "Warren Hammers Bank Chief: ‘You Should Be Criminally Investigated.’\n\n" + BODY
    assert len(extract_quotes(text)) == 2
    # The same words in a sentence, not a title-case line, are two quotes of the article.
    text = 'Cruz told the crowd that "the same thing is true for Marco Rubio" again.\n\n' + BODY
    assert len(extract_quotes(text)) == 2
