"""The speed-ups give what the plain forms they replace give.

Each fast path in the extractor stands in for a simpler, slower expression; these
tests hold them to it on the inputs where they could differ.
"""
from __future__ import annotations

import random

import regex

from xcparse.normalize import _CONTROL, CHAR_TABLE, fold_chars
from xcparse.records import bigrams


def test_fold_chars_is_translate_of_the_table():
    every = "".join(chr(cp) for cp in sorted(CHAR_TABLE))
    rnd = random.Random(7)
    pool = every + "本报讯（记者）abc 12\t\u3000\u200b\x07\n"
    texts = [every, every[::-1], ""] + ["".join(rnd.choice(pool) for _ in range(200)) for _ in range(50)]
    for text in texts:
        assert fold_chars(text) == _CONTROL.sub("", text.translate(CHAR_TABLE))


def test_bigrams_are_every_adjacent_han_pair():
    lookahead = regex.compile(r"(?=(\p{Han}\p{Han}))")
    rnd = random.Random(11)
    pool = "本报讯记者许昌a1 ，。（）\u3400𠀀"
    for _ in range(200):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 30)))
        assert bigrams(text) == set(lookahead.findall(text))
