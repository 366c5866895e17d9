"""The compiled MaxScore kernel itself (see `accelerate`, which loads this module lazily).

Its functions are defined at module level so that numba's on-disk cache can find them again
in the next process: defined inside a function, they were compiled afresh by every process,
which made the first compiled search after a start take about 5 s.
"""

from __future__ import annotations

import numba
import numpy as np

# Floors for the k-th best score are multiplied by this: single-precision impacts make a sum
# err by at most a relative 2^-24 (6e-8), far inside it.
_SLACK = 1.0 - 1e-6
# Likely winners proposed for the first floor, per place in the top: more make a higher floor
# (so fewer terms stay essential) and cost a few more lookups. Measured on 200 queries at 1M
# synthetic passages (min of 3 passes, p95 2 → 4: 3.2-3.5 → 2.4-2.8 ms, p50 the same; 6 or more
# cost p50 more than they gained; flat on Reuters).
_WINNERS = 4


@numba.njit(cache=True, nogil=True, inline="always")
def _worse(score_a, doc_a, score_b, doc_b):  # type: ignore[no-untyped-def]
    """a ranks below b: a lower score, or the same score and a later document."""
    return score_a < score_b or (score_a == score_b and doc_a > doc_b)


@numba.njit(cache=True, nogil=True)
def _push(heap_scores, heap_docs, size, depth, score, document):  # type: ignore[no-untyped-def]
    """Insert into a heap of the `depth` best (worst on top); returns the new size."""
    if size < depth:
        j = size
        size += 1
    else:
        j = 0
    heap_scores[j] = score
    heap_docs[j] = document
    if j > 0:
        while j > 0:
            parent = (j - 1) // 2
            if not _worse(heap_scores[j], heap_docs[j], heap_scores[parent], heap_docs[parent]):
                break
            heap_scores[parent], heap_scores[j] = heap_scores[j], heap_scores[parent]
            heap_docs[parent], heap_docs[j] = heap_docs[j], heap_docs[parent]
            j = parent
        return size
    while True:
        left = 2 * j + 1
        worst = j
        if left < size and _worse(
            heap_scores[left], heap_docs[left], heap_scores[worst], heap_docs[worst]
        ):
            worst = left
        right = left + 1
        if right < size and _worse(
            heap_scores[right], heap_docs[right], heap_scores[worst], heap_docs[worst]
        ):
            worst = right
        if worst == j:
            break
        heap_scores[worst], heap_scores[j] = heap_scores[j], heap_scores[worst]
        heap_docs[worst], heap_docs[j] = heap_docs[j], heap_docs[worst]
        j = worst
    return size


@numba.njit(cache=True, nogil=True)
def _lower_bound(doc, lo, hi, target):  # type: ignore[no-untyped-def]
    """The first position in doc[lo:hi] (sorted) holding `target` or more; hi if none."""
    while lo < hi:
        middle = (lo + hi) // 2
        if doc[middle] < target:
            lo = middle + 1
        else:
            hi = middle
    return lo


@numba.njit(cache=True, nogil=True)
def _find(doc, lo, hi, target):  # type: ignore[no-untyped-def]
    """The position of `target` in doc[lo:hi] (sorted), or -1."""
    at = _lower_bound(doc, lo, hi, target)
    return at if at < hi and doc[at] == target else -1


@numba.njit(cache=True, nogil=True)
def _gallop(doc, lo, hi, target):  # type: ignore[no-untyped-def]
    """`_lower_bound` found by doubling steps from lo first: cheap when successive
    targets are close together."""
    step = 1
    probe = lo + 1
    while probe < hi and doc[probe] < target:
        lo = probe
        step *= 2
        probe = lo + step
    return _lower_bound(doc, lo, min(probe + 1, hi), target)


@numba.njit(cache=True, nogil=True)
def _full_score(doc, impact, starts, ends, coef, d):  # type: ignore[no-untyped-def]
    """Document d's (single-precision) score for all the query's terms, by lookups."""
    score = 0.0
    for i in range(starts.shape[0]):
        at = _find(doc, starts[i], ends[i], d)
        if at >= 0:
            score += coef[i] * impact[at]
    return score


@numba.njit(cache=True, nogil=True)
def _prime(doc, impact, starts, ends, coef, depth, want, marks):  # type: ignore[no-untyped-def]
    """A floor for the depth-th best score, before any long list is read.

    The rarest terms name a few likely winners: each term, rarest first, proposes the
    documents where it counts most, until there are `want` of them. Their full
    scores (in single precision, hence the slack) are real scores, so the depth-th best
    of them is a floor for the final threshold; it is far higher than any single term's
    contribution, which makes more of the common terms non-essential. `marks` (the
    zeroed accumulator) tells documents proposed twice apart, and is left zeroed.
    """
    m = starts.shape[0]
    pool = np.empty(want * m, dtype=np.int64)
    size_pool = 0
    lengths = ends - starts
    order = np.argsort(lengths)
    heap_scores = np.empty(want)
    heap_docs = np.empty(want, dtype=np.int64)
    for t in order:
        if size_pool >= want:
            break
        size = 0
        for p in range(starts[t], ends[t]):
            value = coef[t] * impact[p]
            if size < want or value > heap_scores[0]:
                size = _push(heap_scores, heap_docs, size, want, value, doc[p])
        for j in range(size):
            d = heap_docs[j]
            if marks[d] == 0.0:  # not proposed by a rarer term already
                marks[d] = 1.0
                pool[size_pool] = d
                size_pool += 1
    for q in range(size_pool):
        marks[pool[q]] = 0.0
    if size_pool < depth:
        return 0.0
    size = 0
    for q in range(size_pool):
        score = _full_score(doc, impact, starts, ends, coef, pool[q])
        if size < depth or score > heap_scores[0]:
            size = _push(heap_scores, heap_docs, size, depth, score, pool[q])
    return heap_scores[0] * _SLACK


@numba.njit(cache=True, nogil=True)
def _kth_best(accumulator, touched, count, depth, heap_scores, heap_docs):  # type: ignore[no-untyped-def]
    """The depth-th best accumulated score, less a rounding margin; 0 if fewer. The heap
    arrays are workspaces."""
    if count < depth:
        return 0.0
    size = 0
    for j in range(count):
        d = touched[j]
        value = accumulator[d]
        if size < depth or value > heap_scores[0]:
            size = _push(heap_scores, heap_docs, size, depth, value, d)
    return heap_scores[0] * _SLACK


@numba.njit(cache=True, nogil=True)
def maxscore(  # type: ignore[no-untyped-def]
    doc, impact, starts, ends, coef, bound, scale, block_first, block_max, block, depth,
    accumulator, touched,
):  # fmt: skip
    """Documents that may be in the top `depth`: all those whose single-precision score
    is within the rounding slack of the depth-th best (so ties and near-ties come back
    whole, for the exact rescoring to order); terms come sorted by `bound`, ascending.

    Term i's contribution is coef[i] * impact[p], the posting's BM25 term weight stored
    in single precision (eager scoring, as bm25s does: no division at query time); up to
    that rounding it is at most bound[i], and within the block of postings holding
    position p at most scale[i] * block_max[block_first[i] + (p - starts[i]) // block].
    `accumulator` (zeros, one per document) and `touched` are workspaces; the accumulator
    is left zeroed.

    1. `_prime` gives a floor for the depth-th best score from a few likely winners.
    2. Terms whose bounds add up to less than that floor are non-essential: a document
       holding only them cannot make the top. The essential terms' postings are added up,
       term at a time, skipping blocks that cannot reach the floor.
    3. The non-essential terms then only complete the documents touched, largest bound
       first: looked up by binary search while few documents remain, read in a single pass
       once many do. Between terms, documents that cannot reach the threshold any more are
       dropped, and the depth-th best partial score raises it.
    """
    m = starts.shape[0]
    threshold = _prime(doc, impact, starts, ends, coef, depth, _WINNERS * depth, accumulator)
    prefix = np.zeros(m + 1)
    for i in range(m):
        prefix[i + 1] = prefix[i] + bound[i]
    essential = 0
    while essential < m and prefix[essential + 1] <= threshold:
        essential += 1
    heap_scores = np.full(depth, -1.0)
    heap_docs = np.full(depth, -1, dtype=np.int64)
    count = 0
    for i in range(essential, m):
        rest = prefix[m] - bound[i]
        first = starts[i]
        end = ends[i]
        for b in range((end - first + block - 1) // block):
            if block_max[block_first[i] + b] * scale[i] + rest <= threshold:
                continue
            for p in range(first + b * block, min(first + (b + 1) * block, end)):
                d = doc[p]
                touched[count] = d
                count += accumulator[d] == 0.0
                accumulator[d] += coef[i] * impact[p]
    # With one essential term the documents touched are in order (and pruning keeps it),
    # so a long list completes them by galloping forward instead of searching afresh.
    # (Sorting them when several terms were essential measured slower.)
    ordered = essential == m - 1
    # Partial scores only grow, so the depth-th best of them is a floor for the final one.
    for i in range(essential, -1, -1):
        threshold = max(
            threshold, _kth_best(accumulator, touched, count, depth, heap_scores, heap_docs)
        )
        # Branch-free: whether a document survives is a coin toss to the processor, and
        # mispredicted branches cost more than the stores (measured: 3-5x on 700K
        # documents).
        alive = 0
        for j in range(count):
            d = touched[j]
            value = accumulator[d]
            keep = value + prefix[i] > threshold
            touched[alive] = d
            alive += keep
            accumulator[d] = value * keep
        count = alive
        if i == 0:
            break
        t = i - 1
        length = ends[t] - starts[t]
        # A binary search into a long list misses the cache at each step: measured at 1M
        # passages, looking up beats reading the list only below 1/256 of its length.
        if ordered and count * 8 < length:
            lo = starts[t]
            for j in range(count):
                d = touched[j]
                lo = _gallop(doc, lo, ends[t], d)
                if lo < ends[t] and doc[lo] == d:
                    accumulator[d] += coef[t] * impact[lo]
        elif count * 256 < length:
            for j in range(count):
                d = touched[j]
                at = _find(doc, starts[t], ends[t], d)
                if at >= 0:
                    accumulator[d] += coef[t] * impact[at]
        else:
            for p in range(starts[t], ends[t]):
                d = doc[p]
                value = accumulator[d]
                accumulator[d] = value + (value != 0.0) * (coef[t] * impact[p])
    # Every survivor that single precision cannot tell from the depth-th best: the exact
    # order among them is the scorer's to decide.
    floor = _kth_best(accumulator, touched, count, depth, heap_scores, heap_docs)
    found = np.empty(count, dtype=np.int64)
    size = 0
    for j in range(count):
        d = touched[j]
        found[size] = d
        size += accumulator[d] >= floor
        accumulator[d] = 0.0
    return found[:size]
