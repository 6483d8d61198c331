"""spaCy's DependencyMatcher, matched on arrays: the same patterns, the same matches.

The DependencyMatcher finds each node's tokens with a token Matcher run over the whole doc
(a Python set predicate per token for an ``IN`` list) and walks every matched token's
ancestors to group them by tree; for the attribution patterns that is most of the
attribution stage's own cost. ``TreeMatcher`` reads each node's candidates from one
``to_array`` per doc and joins the nodes along the pattern's edges, visiting only the
tokens a pattern can use.

It keeps the DependencyMatcher's semantics exactly: every node of a match lies in one
dependency tree (the DependencyMatcher groups a doc's tokens by their root before
matching), the operators mean what ``DependencyMatcher._ops`` computes ("." and ".*" stay
inside the tree's span, which the shared root implies), and the matches are the same set
of token-index lists in node order. A pattern with anything else (another operator, a
regex, an extension attribute, ``OP``) is matched by a real DependencyMatcher, which also
validates every pattern as it is added.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, NORM, ORTH, POS, TAG
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# token attributes a node may test (name in a pattern -> to_array attribute)
ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "LEMMA": LEMMA, "NORM": NORM,
         "POS": POS, "TAG": TAG, "DEP": DEP}
# operators whose right token is a child of the left one, and where it must lie
CHILD_OPS = {">": None, ">+": "next", ">-": "previous", ">++": "right", ">--": "left"}
ORDER_OPS = {".", ".*", ";", ";*"}  # the right token after / before the left one
CHAIN_OPS = {">>", "<<", "<"}  # descendant, ancestor, head
SUPPORTED_OPS = set(CHILD_OPS) | ORDER_OPS | CHAIN_OPS


def _node_test(attrs: dict) -> list[tuple[int, str, object]] | None:
    """(to_array attribute, "==" / "in" / "not in", string id or id array) per attribute
    of a node, or None when the node uses something this matcher leaves to spaCy."""
    tests = []
    for name, value in attrs.items():
        attr = ATTRS.get(name)
        if attr is None:
            return None
        if isinstance(value, str):
            tests.append((attr, "==", get_string_id(value)))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"} \
                and all(isinstance(v, str) for v in next(iter(value.values()))):
            op, words = next(iter(value.items()))
            ids = numpy.array(sorted({get_string_id(w) for w in words}), dtype=numpy.uint64)
            tests.append((attr, "in" if op == "IN" else "not in", ids))
        else:
            return None
    return tests


class _Pattern:
    """One pattern: per node its tests and (left node, operator) edge."""

    def __init__(self, key: int, pattern: list[dict], tests: list):
        self.key = key
        self.tests = tests
        index = {node["RIGHT_ID"]: i for i, node in enumerate(pattern)}
        self.edges = [(index[node["LEFT_ID"]], node["REL_OP"]) if i else None
                      for i, node in enumerate(pattern)]


class TreeMatcher:
    """A drop-in for ``DependencyMatcher`` (``add``, and calling it on a Doc returns
    ``[(key, [token index per node])]``) that matches supported patterns on arrays."""

    def __init__(self, vocab: Vocab, *, validate: bool = False):
        self.fallback = DependencyMatcher(vocab, validate=validate)
        self.patterns: list[_Pattern] = []
        self.supported = True  # every pattern added can be matched on arrays
        self.uses_norm = False  # a Span's own Doc has lexeme norms, not the tokens' ones
        self.attrs: set[int] = set()  # the token attributes the patterns test

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        self.fallback.add(key, patterns)  # validates; matches when a pattern is unsupported
        key_id = get_string_id(key)
        for pattern in patterns:
            tests = [_node_test(node.get("RIGHT_ATTRS", {})) for node in pattern]
            if any(t is None for t in tests) or any(
                    node["REL_OP"] not in SUPPORTED_OPS for node in pattern[1:]):
                self.supported = False
            else:
                self.patterns.append(_Pattern(key_id, pattern, tests))
                self.attrs.update(attr for node in tests for attr, _, _ in node)
                self.uses_norm = NORM in self.attrs

    def __call__(self, doclike: Doc | Span) -> list[tuple[int, list[int]]]:
        """The matches in a Doc, or in a Span as in ``span.as_doc()`` (token indexes from
        the span's start): a sentence whose tokens all have their head inside it is
        matched on the doc's arrays, without copying it into a Doc of its own."""
        if isinstance(doclike, Span):
            doc, start, end = doclike.doc, doclike.start, doclike.end
        else:
            doc, start, end = doclike, 0, len(doclike)
        tree = _DocTree(doc, start, end, self.attrs) if self.supported and end > start else None
        if tree is None or tree.root is None or (doclike is not doc and self.uses_norm):
            # spaCy's own matching: a cyclic parse, a pattern this matcher leaves to
            # spaCy, or a span whose own Doc would be re-rooted
            return self.fallback(doclike.as_doc(copy_user_data=False)
                                 if isinstance(doclike, Span) else doclike)
        found = []
        for pattern in self.patterns:
            found.extend((pattern.key, match) for match in tree.matches(pattern))
        return found


class _DocTree:
    """The arrays of one doc that the patterns read."""

    def __init__(self, doc: Doc, start: int, end: int, attrs: set[int]):
        self.columns = {attr: i for i, attr in enumerate(sorted(attrs))}
        values = doc.to_array([*self.columns, HEAD])[start:end]
        self.values = values
        n = end - start
        self.heads = numpy.arange(n, dtype=numpy.int64) + values[:, -1].astype(numpy.int64)
        self.closed = bool(((self.heads >= 0) & (self.heads < n)).all())
        # only a span's tokens can have their head outside it: spaCy matches that span
        self.root = _roots(self.heads) if self.closed else None
        self.heads_list = self.heads.tolist()

    def candidates(self, tests: list) -> numpy.ndarray:
        """Indexes of the tokens that pass a node's tests."""
        mask = numpy.ones(len(self.heads), dtype=bool)
        for attr, op, value in tests:
            column = self.values[:, self.columns[attr]]
            if op == "==":
                mask &= column == value
            elif op == "in":
                mask &= numpy.isin(column, value)
            else:
                mask &= ~numpy.isin(column, value)
        return numpy.flatnonzero(mask)

    def pairs(self, op: str, left: numpy.ndarray, right: numpy.ndarray) -> dict[int, list[int]]:
        """left token -> the right tokens in relation ``op`` with it, both in one tree."""
        heads, root = self.heads, self.root
        out: dict[int, list[int]] = defaultdict(list)
        is_left = numpy.zeros(len(heads), dtype=bool)
        is_left[left] = True
        if op in CHILD_OPS or op == "<":
            if op == "<":  # the right token is the left one's head
                is_right = numpy.zeros(len(heads), dtype=bool)
                is_right[right] = True
                kids = left[(heads[left] != left) & is_right[heads[left]]]
                for kid in kids.tolist():
                    out[kid].append(int(heads[kid]))
                return out
            kids = right[(heads[right] != right) & is_left[heads[right]]]
            where = CHILD_OPS[op]
            parents = heads[kids]
            if where == "next":
                kids = kids[kids == parents + 1]
            elif where == "previous":
                kids = kids[kids == parents - 1]
            elif where == "right":
                kids = kids[kids > parents]
            elif where == "left":
                kids = kids[kids < parents]
            for kid in kids.tolist():
                out[int(heads[kid])].append(kid)
            return out
        if op in (".", ";"):
            step = 1 if op == "." else -1
            nxt = right - step  # the left token each right one would follow / precede
            ok = (nxt >= 0) & (nxt < len(heads))
            right, nxt = right[ok], nxt[ok]
            keep = is_left[nxt] & (root[nxt] == root[right])
            for r, lft in zip(right[keep].tolist(), nxt[keep].tolist(), strict=True):
                out[lft].append(r)
            return out
        if op in (">>", "<<"):  # walk each lower token's ancestors once
            heads_list = self.heads_list
            upper, lower = (left, right) if op == ">>" else (right, left)
            is_upper = numpy.zeros(len(heads), dtype=bool)
            is_upper[upper] = True
            for token in lower.tolist():
                above = token
                while heads_list[above] != above:
                    above = heads_list[above]
                    if is_upper[above]:
                        if op == ">>":
                            out[above].append(token)
                        else:
                            out[token].append(above)
            return out
        rights = right.tolist()
        roots = root.tolist()
        for lft in left.tolist():
            if op == ".*":
                found = [r for r in rights[bisect.bisect_right(rights, lft):]
                         if roots[r] == roots[lft]]
            else:  # ";*"
                found = [r for r in rights[:bisect.bisect_left(rights, lft)]
                         if roots[r] == roots[lft]]
            if found:
                out[lft] = found
        return out

    def matches(self, pattern: _Pattern) -> list[list[int]]:
        nodes = [self.candidates(tests) for tests in pattern.tests]
        if any(not len(c) for c in nodes):
            return []
        relations = [None] + [self.pairs(op, nodes[left], nodes[i])
                              for i, (left, op) in enumerate(pattern.edges[1:], start=1)]
        first = nodes[0].tolist()
        for i, edge in enumerate(pattern.edges[1:], start=1):
            if edge[0] == 0:
                first = [t for t in first if t in relations[i]]
        found: list[list[int]] = []
        root = self.root
        size = len(pattern.edges)

        def extend(assigned: list[int]) -> None:
            i = len(assigned)
            if i == size:
                found.append(list(assigned))
                return
            left, _ = pattern.edges[i]
            for token in relations[i].get(assigned[left], ()):
                if root[token] == root[assigned[0]]:
                    assigned.append(token)
                    extend(assigned)
                    assigned.pop()

        for token in first:
            extend([token])
        return found


def _roots(heads: numpy.ndarray) -> numpy.ndarray | None:
    """Each token's tree root (following heads until a token heads itself), by pointer
    jumping: log2(depth) array steps; None for a parse with a cycle."""
    root = heads
    for _ in range(len(heads).bit_length() + 1):
        nxt = root[root]
        if numpy.array_equal(nxt, root):
            return root
        root = nxt
    return None
