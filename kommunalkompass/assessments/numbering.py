"""Respondent numbers: unique within an assessment by construction, and in no order.

A response gets the ``n``-th number of its assessment (``ResponseNumbering.issued`` counts
them, under a row lock), and the n-th number is ``FIRST + permute(n)``: a permutation of
``0 … SPACE-1`` keyed by a random secret of the assessment. Distinct ``n`` give distinct
numbers (a permutation), so two respondents never share one, however many start at once;
and the raw-answer export, sorted by number, does not tell who started first.

The permutation is a small Feistel network over 20 bits (two halves of 10 bits, a keyed
BLAKE2 hash as round function), walked until it lands inside ``SPACE`` ("cycle walking":
the network permutes 2**20 values, and the values below ``SPACE`` are visited in a cycle,
so the walk ends, after 1.2 steps on average). It only has to hide the order from the
reader of an export, not to resist cryptanalysis.
"""

from __future__ import annotations

import hashlib

FIRST = 100_000
SPACE = 900_000  # six-digit numbers, 100000 … 999999
HALF_BITS = 10
HALF_MASK = (1 << HALF_BITS) - 1
ROUNDS = 6


def _round(key: int, round_number: int, half: int) -> int:
    digest = hashlib.blake2b(
        half.to_bytes(2, "big"),
        key=key.to_bytes(8, "big", signed=True),
        person=round_number.to_bytes(16, "big"),
        digest_size=2,
    ).digest()
    return int.from_bytes(digest, "big") & HALF_MASK


def _permute_20_bits(value: int, key: int) -> int:
    left, right = value >> HALF_BITS, value & HALF_MASK
    for round_number in range(ROUNDS):
        left, right = right, left ^ _round(key, round_number, right)
    return (left << HALF_BITS) | right


def respondent_number(index: int, key: int) -> int:
    """The ``index``-th respondent number (from 0) of an assessment with secret ``key``."""
    if not 0 <= index < SPACE:
        raise ValueError(f"an assessment has {SPACE} respondent numbers, not {index + 1}")
    value = _permute_20_bits(index, key)
    while value >= SPACE:
        value = _permute_20_bits(value, key)
    return FIRST + value
