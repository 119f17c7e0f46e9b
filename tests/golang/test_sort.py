"""Go's sort.Slice (omec.golang.sort.slice_sort), a step-by-step port of pdqsort_func (Go's sort/zsortfunc.go).

Every expected order below was printed by Go 1.26.8's ``sort.Slice`` (unchanged since Go 1.19; OME builds with Go
1.25) from a throwaway program fed these keys, and copied here unchanged: the indices of the input elements in the
order Go leaves them. Each case has ties, and in each Go's order differs from a stable sort's.
"""
from __future__ import annotations

import pytest

from omec.golang.sort import slice_sort

# (integer keys, Go's order with less(a, b) = a < b)
BY_KEY = [
    ([8, 3, 2, 11, 12, 3, 8, 5, 1, 9, 7, 8, 3],
     [8, 2, 1, 12, 5, 7, 10, 11, 6, 0, 9, 3, 4]),
    ([9, 0, 7, 10, 7, 6, 12, 12, 0, 11, 5, 7, 10, 10, 15, 8],
     [1, 8, 10, 5, 4, 2, 11, 15, 0, 3, 12, 13, 9, 6, 7, 14]),
    ([11, 7, 24, 2, 15, 18, 12, 13, 10, 15, 24, 1, 7, 21, 1, 14, 16, 7, 1, 19, 5, 6, 2, 8, 2],
     [11, 18, 14, 24, 22, 3, 20, 21, 12, 17, 1, 23, 8, 0, 6, 7, 15, 4, 9, 16, 5, 19, 13, 2, 10]),
    ([3, 21, 19, 34, 9, 27, 36, 18, 4, 27, 12, 28, 36, 27, 4, 33, 26, 29, 7, 23, 11, 35, 37, 38, 24, 22, 8, 3, 28, 38, 28, 24, 17, 18, 13, 12, 7, 23, 34],
     [27, 0, 8, 14, 18, 36, 26, 4, 20, 10, 35, 34, 32, 7, 33, 2, 1, 25, 37, 19, 31, 24, 16, 13, 5, 9, 28, 11, 30, 17, 15, 3, 38, 21, 12, 6, 22, 29, 23]),
    ([49, 8, 8, 25, 15, 2, 29, 28, 31, 16, 29, 43, 24, 12, 19, 4, 8, 36, 27, 33, 23, 46, 3, 1, 42, 6, 27, 41, 3, 30, 30, 27, 17, 41, 34, 12, 38, 14, 43, 32, 27, 7, 42, 15, 32, 44, 2, 17, 10, 31],
     [23, 46, 5, 28, 22, 15, 25, 41, 2, 1, 16, 48, 35, 13, 37, 4, 43, 9, 32, 47, 14, 20, 12, 3, 18, 40, 26, 31, 7, 10, 6, 30, 29, 8, 49, 44, 39, 19, 34, 17, 36, 27, 33, 24, 42, 11, 38, 45, 21, 0]),
    ([33, 52, 52, 63, 0, 62, 24, 53, 29, 38, 20, 15, 40, 17, 57, 27, 16, 8, 18, 22, 0, 28, 24, 20, 44, 53, 13, 19, 41, 34, 23, 60, 2, 50, 24, 14, 49, 35, 15, 31, 3, 39, 39, 32, 6, 46, 16, 7, 11, 52, 41, 15, 16, 10, 14, 56, 3, 23, 31, 17, 55, 8, 30, 49],
     [20, 4, 32, 56, 40, 44, 47, 17, 61, 53, 48, 26, 35, 54, 51, 11, 38, 16, 52, 46, 59, 13, 18, 27, 23, 10, 19, 30, 57, 6, 34, 22, 15, 21, 8, 62, 39, 58, 43, 0, 29, 37, 9, 42, 41, 12, 28, 50, 24, 45, 36, 63, 33, 49, 1, 2, 25, 7, 60, 55, 14, 31, 5, 3]),
]
# (float keys, Go's order with less(a, b) = int(b - a) > 0): not a strict weak order (a tie when the keys differ by
# less than 1), like OME's CompareRuntimes on size-range closeness
TRUNCATED = [
    ([2.072, 1.619, 3.712, 3.177, 1.607, 4.061, 1.678, 0.079, 1.388, 0.242, 0.887, 4.276, 2.21, 5.086],
     [7, 9, 6, 4, 0, 8, 1, 10, 3, 12, 5, 2, 11, 13]),
    ([7.407, 5.502, 3.37, 2.911, 1.998, 6.91, 7.32, 10.05, 3.526, 9.889, 9.723, 3.099, 10.155, 6.607, 10.267, 8.257, 3.555, 2.979, 5.574, 5.204, 0.378, 9.2, 5.712, 5.046, 7.942, 2.664, 2.125, 6.195, 2.574],
     [20, 11, 2, 3, 4, 17, 16, 28, 8, 25, 26, 23, 27, 13, 22, 18, 19, 1, 24, 6, 5, 0, 21, 15, 14, 12, 10, 9, 7]),
    ([3.934, 8.129, 7.572, 7.098, 2.394, 8.965, 12.806, 9.507, 4.144, 11.553, 6.02, 2.081, 8.684, 6.599, 7.594, 14.207, 8.162, 13.666, 5.054, 10.878, 1.08, 4.306, 9.918, 9.893, 11.874, 5.449, 3.922, 5.137, 7.702, 0.346, 5.368, 9.421, 2.13, 4.459, 12.508, 13.381, 3.579, 2.55, 1.687, 1.228],
     [20, 39, 29, 37, 4, 32, 38, 11, 36, 33, 8, 0, 26, 21, 10, 13, 2, 3, 18, 30, 14, 27, 25, 28, 1, 16, 7, 12, 23, 31, 9, 19, 22, 5, 6, 34, 24, 15, 17, 35]),
]


def _order(keys: list, less) -> list[int]:
    return [i for _, i in slice_sort([(k, i) for i, k in enumerate(keys)], lambda x, y: less(x[0], y[0]))]


@pytest.mark.parametrize(("keys", "expected"), BY_KEY, ids=[f"n={len(k)}" for k, _ in BY_KEY])
def test_ties_end_where_go_puts_them(keys, expected):
    assert _order(keys, lambda a, b: a < b) == expected
    assert expected != sorted(range(len(keys)), key=lambda i: keys[i])  # not what a stable sort gives


@pytest.mark.parametrize(("keys", "expected"), TRUNCATED, ids=[f"n={len(k)}" for k, _ in TRUNCATED])
def test_a_comparator_that_is_not_a_weak_order(keys, expected):
    assert _order(keys, lambda a, b: int(b - a) > 0) == expected


@pytest.mark.parametrize("n", [0, 1, 2, 12])
def test_up_to_twelve_elements_is_a_stable_insertion_sort(n):
    keys = [i % 3 for i in range(n)]
    assert _order(keys, lambda a, b: a < b) == sorted(range(n), key=lambda i: keys[i])


def test_the_input_is_not_modified():
    items = [3, 1, 2]
    assert slice_sort(items, lambda a, b: a < b) == [1, 2, 3]
    assert items == [3, 1, 2]
