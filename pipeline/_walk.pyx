# cython: language_level=3, boundscheck=False, wraparound=False
"""Passes over libxml2's nodes in C that hand back only the elements worth a look, or a number.

Two stages look at every element of a page: the selector walk
(profiles/rules.py) and the class/id word pass (clean.py). Only about a
hundred of a page's thousand elements can match anything, but reaching every
one through lxml's Python API (a proxy object, a list of attribute tuples, a
tag string each) was most of their cost. These passes read names and values
straight from the tree through lxml's public C API and return lxml elements
for the few that may match. What matching means stays in the Python modules,
which hand in their quick tests and memos; without a C compiler they look at
every element themselves, with the same results.

The same holds for the smaller passes: the parser's count of elements and
the elements it fixes up (`census`), the texts that may open a field label
(`label_candidates`, page facts), the article's leaf blocks (`leaf_blocks`,
cleaning), and the text measures every stage asks of elements (`text_length`,
`link_text`, `collapsed_text`, behind elements.py), which libxml2's XPath
answered by building and copying strings. Each gives what its XPath or lxml
counterpart gives, element for element (tests compare them on every raw page).

`Walker.candidates`, for the selector walk: an element whose tag some rule
names (`tags`), that carries an attribute whose quick test passes (any tag's,
`tests`, or its own tag's, `tag_tests`, for "meta[name=...]"; a test of None
passes any value), or whose class value has rules. A class value's rules come
from `rules_of_class`, asked only when one of its words is a class some rule
names (`class_words`) or it holds a substring a [class...] rule tests
(`class_substrings`; None: every value is asked).
"""

from cpython.ref cimport PyObject
from libc.stdint cimport uintptr_t
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.pyport cimport PY_SSIZE_T_MAX
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memchr, memset, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

cetree.import_lxml__etree()

cdef enum:
    SLOTS = 512  # power of two; a page uses a few dozen distinct names


cdef class _Names:
    """Tag and attribute names as Python strings, each decoded once a walk.

    libxml2's parser interns names, so one pointer stands for one name all
    over the page; a name that is not interned just takes a slot of its own.
    """

    cdef const void* keys[SLOTS]
    cdef PyObject* values[SLOTS]  # borrowed: `keep` holds the references
    cdef list keep

    def __cinit__(self):
        memset(self.keys, 0, sizeof(self.keys))
        self.keep = []

    cdef unicode get(self, const char* c_name):
        cdef size_t slot = (<uintptr_t>c_name >> 4) & (SLOTS - 1)
        cdef int probe
        cdef unicode name
        for probe in range(16):
            if self.keys[slot] == <const void*>c_name:
                return <unicode>self.values[slot]
            if self.keys[slot] is NULL:
                name = c_name.decode("utf-8")
                self.keep.append(name)
                self.keys[slot] = c_name
                self.values[slot] = <PyObject*>name
                return name
            slot = (slot + 1) & (SLOTS - 1)
        return c_name.decode("utf-8")  # a crowded neighbourhood: decoded every time


cdef class Walker:
    """The first pass for one rule set; `candidates` is called once a page."""

    cdef frozenset tags
    cdef dict tag_tests
    cdef dict tests
    cdef frozenset class_words
    cdef object class_substrings

    def __init__(self, frozenset tags, dict tag_tests, dict tests, frozenset class_words, class_substrings):
        self.tags = tags
        self.tag_tests = tag_tests
        self.tests = tests
        self.class_words = class_words
        self.class_substrings = class_substrings

    def candidates(self, cetree._Element root, dict class_rules, object rules_of_class) -> list:
        """Elements under `root` (itself included) a rule could match, in document order.

        `class_rules` (class value -> its rules) is filled on the way, for `scan` to use.
        """
        cdef tree.xmlNode* start = root._c_node
        cdef tree.xmlNode* c_node = start
        cdef list out = []
        cdef _Names names = _Names()
        while c_node is not NULL:
            if c_node.type == tree.XML_ELEMENT_NODE and self._wanted(c_node, names, class_rules, rules_of_class):
                out.append(cetree.elementFactory(root._doc, c_node))
            c_node = _next(c_node, start)
        return out

    cdef bint _wanted(self, tree.xmlNode* c_node, _Names names, dict class_rules, object rules_of_class):
        cdef tree.xmlAttr* c_attr
        cdef unicode name, value
        cdef object on_tag = None
        if c_node.ns is NULL:
            tag = names.get(<const char*>c_node.name)
            if tag in self.tags:
                return True
            on_tag = self.tag_tests.get(tag)
        c_attr = c_node.properties
        while c_attr is not NULL:
            if c_attr.ns is NULL:  # a namespaced name is never one a rule asks for
                name = names.get(<const char*>c_attr.name)
                if on_tag is not None and name in on_tag and _passes(on_tag[name], c_node, c_attr):
                    return True
                if name == "class":
                    value = _value(c_node, c_attr)
                    rules = class_rules.get(value)
                    if rules is None:
                        rules = rules_of_class(value) if self._may_have_rules(value) else ()
                        class_rules[value] = rules
                    if rules:
                        return True
                elif name in self.tests and _passes(self.tests[name], c_node, c_attr):
                    return True
            c_attr = c_attr.next
        return False

    cdef bint _may_have_rules(self, unicode value):
        if self.class_substrings is None:
            return True
        for part in self.class_substrings:
            if part in value:
                return True
        return not self.class_words.isdisjoint(value.split())


cdef bint _passes(object test, tree.xmlNode* c_node, tree.xmlAttr* c_attr):
    return test is None or bool(test(_value(c_node, c_attr)))


cdef unicode _value(tree.xmlNode* c_node, tree.xmlAttr* c_attr):
    """An attribute's value, decoded from its one text node in place (as the parser leaves
    every attribute); lxml's own reading, a search by name and a copy, for any other shape."""
    cdef tree.xmlNode* text = c_attr.children
    if text is not NULL and text.next is NULL and text.type == tree.XML_TEXT_NODE and text.content is not NULL:
        return PyUnicode_DecodeUTF8(<const char*>text.content, strlen(<const char*>text.content), NULL)
    return cetree.attributeValue(c_node, c_attr)


cdef inline tree.xmlNode* _next(tree.xmlNode* c_node, tree.xmlNode* start):
    """The node after `c_node` in document order, within `start`'s subtree (NULL after the last)."""
    if c_node.type == tree.XML_ELEMENT_NODE and c_node.children is not NULL:  # only elements are entered
        return c_node.children
    while c_node is not start and c_node.next is NULL:
        c_node = c_node.parent
    return NULL if c_node is start else c_node.next


def named(cetree._Element root, dict kinds, object kind_of) -> list:
    """(element, kind) for the elements under `root` (not itself) whose class and id name a kind.

    The names are the class and the id joined by a space (either may be
    empty), as clean.py reads them; `kinds` (names -> kind or None) is the
    memo, filled by `kind_of`.
    """
    cdef tree.xmlNode* start = root._c_node
    cdef tree.xmlNode* c_node = _next(start, start)
    cdef tree.xmlAttr* c_attr
    cdef list out = []
    cdef object klass, ident
    cdef unicode both
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE and c_node.properties is not NULL:
            klass = ident = None
            c_attr = c_node.properties
            while c_attr is not NULL:
                if c_attr.ns is NULL:
                    if klass is None and strcmp(<const char*>c_attr.name, "class") == 0:
                        klass = _value(c_node, c_attr)
                    elif ident is None and strcmp(<const char*>c_attr.name, "id") == 0:
                        ident = _value(c_node, c_attr)
                c_attr = c_attr.next
            if klass is not None or ident is not None:
                both = f"{klass or ''} {ident or ''}"
                if both in kinds:
                    kind = kinds[both]
                else:
                    kind = kinds[both] = kind_of(both)
                if kind is not None:
                    out.append((cetree.elementFactory(root._doc, c_node), kind))
        c_node = _next(c_node, start)
    return out


cdef inline bint _blank(unsigned char c):
    """XPath's white space: what normalize-space() collapses (not a no-break space)."""
    return c == 0x20 or c == 0x09 or c == 0x0A or c == 0x0D


def text_length(cetree._Element el, Py_ssize_t cap=-1) -> int:
    """What XPath's string-length(normalize-space(.)) gives for an element, without building the string.

    libxml2 concatenates every text node below `el` into one buffer,
    collapses it into another and counts that: the stages measure a few
    dozen elements a page, the whole page among them, and that copying was
    most of the cost. Here the text nodes are read in place. With a `cap`
    (not negative), counting stops there and gives min(length, cap).
    Returns -1 for a node that is not an element, for the caller to ask XPath.
    """
    if el._c_node.type != tree.XML_ELEMENT_NODE:
        return -1
    return _length(el._c_node, PY_SSIZE_T_MAX if cap < 0 else cap)


def link_text(cetree._Element el) -> tuple:
    """(characters of text inside links, number of links) in `el`, itself included.

    A link is an <a> with an href, as XPath's descendant-or-self::a[@href]
    finds them, each measured as text_length measures it: a link inside a
    link counts twice, as the XPath sum counted it.
    """
    cdef tree.xmlNode* start = el._c_node
    cdef tree.xmlNode* c_node = start
    cdef Py_ssize_t chars = 0, count = 0, length
    if start.type != tree.XML_ELEMENT_NODE:
        return -1, -1
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE and c_node.ns is NULL and _is_link(c_node):
            length = _length(c_node, PY_SSIZE_T_MAX)
            if length < 0:
                return -1, -1
            chars += length
            count += 1
        c_node = _next(c_node, start)
    return chars, count


cdef bint _is_link(tree.xmlNode* c_node):
    """An <a> element with an href attribute (neither in a namespace)."""
    cdef tree.xmlAttr* c_attr
    if strcmp(<const char*>c_node.name, "a") != 0:
        return False
    c_attr = c_node.properties
    while c_attr is not NULL:
        if c_attr.ns is NULL and strcmp(<const char*>c_attr.name, "href") == 0:
            return True
        c_attr = c_attr.next
    return False


cdef Py_ssize_t _length(tree.xmlNode* start, Py_ssize_t cap):
    """Characters of `start`'s whitespace-collapsed text: those that are not white space
    (UTF-8 lead bytes), plus one for each run of white space between two of them;
    `cap` once that many are counted; -1 where text is held elsewhere (an entity
    reference, never in a parsed HTML page).

    A page's whole text (its scripts' too) is measured a few times a page:
    the inner loop takes a run of text with one test a byte.
    """
    cdef tree.xmlNode* c_node = start
    cdef const unsigned char* s
    cdef unsigned char c
    cdef Py_ssize_t chars = 0
    cdef bint seen = False  # some text counted: a blank run after it may be a gap
    cdef bint gap = False  # a blank run after text, counted once more text follows
    while c_node is not NULL:
        if c_node.type == tree.XML_TEXT_NODE or c_node.type == tree.XML_CDATA_SECTION_NODE:
            s = <const unsigned char*>c_node.content
            if s is not NULL:
                c = s[0]
                while c:
                    if _blank(c):
                        gap = seen
                        s += 1
                        c = s[0]
                        continue
                    chars += gap
                    gap = False
                    seen = True
                    while c > 0x20 or (c and not _blank(c)):  # a run of text
                        chars += (c & 0xC0) != 0x80  # a character's first byte
                        s += 1
                        c = s[0]
                    if chars >= cap:
                        return cap
        elif c_node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        c_node = _next(c_node, start)
    return chars


def census(cetree._Element root, tuple names) -> tuple:
    """(elements in `root`'s subtree, itself included; those of them whose tag is one of `names`, in document order).

    The parser's checks after a parse: the element count against its cap
    (XPath's count(//*) built a node set of every element for it) and the
    few elements it fixes up (lxml's tag-filtered iteration), in one walk.
    """
    cdef tree.xmlNode* start = root._c_node
    cdef tree.xmlNode* c_node = start
    cdef Py_ssize_t count = 0
    cdef list found = []
    cdef list wanted = [tag.encode("utf-8") for tag in names]
    cdef bytes name
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE:
            count += 1
            if c_node.ns is NULL:
                for name in wanted:
                    if strcmp(<const char*>c_node.name, name) == 0:
                        found.append(cetree.elementFactory(root._doc, c_node))
                        break
        c_node = _next(c_node, start)
    return count, found


def label_candidates(cetree._Element root, bytes initials) -> list:
    """(element, True) for each element under `root` (itself included) whose text may open a
    field label, (element, False) for each <br> whose tail may, in document order.

    A text may open one when its first character past ASCII white space is
    one of `initials` (ASCII letters) or not ASCII; an empty or blank text
    never does. Only those reach Python, which reads the text and decides;
    reading every element's text there was most of the page facts' time.
    """
    cdef tree.xmlNode* start = root._c_node
    cdef tree.xmlNode* c_node = start
    cdef list out = []
    cdef char table[128]
    cdef unsigned char c
    memset(table, 0, sizeof(table))
    for c in initials:
        if c < 128:
            table[c] = 1
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE:
            if _may_open(c_node.children, table):
                out.append((cetree.elementFactory(root._doc, c_node), True))
            if c_node.ns is NULL and strcmp(<const char*>c_node.name, "br") == 0 and _may_open(c_node.next, table):
                out.append((cetree.elementFactory(root._doc, c_node), False))
        c_node = _next(c_node, start)
    return out


cdef bint _may_open(tree.xmlNode* c_node, const char* table):
    """Whether the text that starts at `c_node` (the run of text nodes lxml joins into one
    .text or .tail) may open a label: its first character past ASCII white space is marked
    in `table`, or is not ASCII."""
    cdef const unsigned char* s
    while c_node is not NULL and (c_node.type == tree.XML_TEXT_NODE or c_node.type == tree.XML_CDATA_SECTION_NODE):
        s = <const unsigned char*>c_node.content
        if s is not NULL:
            while s[0] == 0x20 or 0x09 <= s[0] <= 0x0D or 0x1C <= s[0] <= 0x1F:  # str.isspace() in ASCII
                s += 1
            if s[0]:
                return s[0] >= 128 or table[s[0]]
        c_node = c_node.next
    return False


def collapsed_text(cetree._Element el):
    """`el`'s text as elements.text_of gives it (None for a node that is not an element).

    That is XPath's normalize-space(.), and where the text holds a character
    that is not ASCII, Python's wider white space collapsed too (a no-break
    space, U+2009, ...: " ".join(text.split())). Read from the text nodes in
    place and copied once: the XPath call cost more in setting up than in
    copying, and splitting and joining wide strings in Python as much again.
    """
    cdef tree.xmlNode* start = el._c_node
    cdef Py_ssize_t size
    cdef bint wide = False
    cdef char* buffer
    if start.type != tree.XML_ELEMENT_NODE:
        return None
    size = _collapse(start, NULL, False, &wide)
    if size > 0 and wide:
        size = _collapse(start, NULL, True, &wide)
    if size < 0:
        return None
    if size == 0:
        return ""
    buffer = <char*>PyMem_Malloc(size)
    if buffer is NULL:
        raise MemoryError()
    try:
        _collapse(start, buffer, wide, &wide)
        return PyUnicode_DecodeUTF8(buffer, size, NULL)
    finally:
        PyMem_Free(buffer)


cdef Py_ssize_t _collapse(tree.xmlNode* start, char* out, bint wide, bint* not_ascii):
    """Bytes of `start`'s text with each run of white space one space, none at the ends: XPath's
    four characters, or with `wide` every one str.isspace() knows. Written to `out` when it is
    not NULL; `not_ascii` is set when a byte of a wider character is copied. -1 where text is
    held elsewhere (an entity reference)."""
    cdef tree.xmlNode* c_node = start
    cdef const unsigned char* s
    cdef Py_ssize_t size = 0, width
    cdef bint seen = False, gap = False
    while c_node is not NULL:
        if c_node.type == tree.XML_TEXT_NODE or c_node.type == tree.XML_CDATA_SECTION_NODE:
            s = <const unsigned char*>c_node.content
            if s is not NULL:
                while s[0]:
                    width = _space(s, wide)
                    if width:
                        gap = seen
                        s += width
                        continue
                    if gap:
                        if out is not NULL:
                            out[size] = 0x20
                        size += 1
                        gap = False
                    if out is not NULL:
                        out[size] = <char>s[0]
                    if s[0] >= 0x80:
                        not_ascii[0] = True
                    size += 1
                    seen = True
                    s += 1
        elif c_node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        c_node = _next(c_node, start)
    return size


cdef inline Py_ssize_t _space(const unsigned char* s, bint wide):
    """Bytes of the white space character at `s`, 0 when it is none: XPath's four, or with
    `wide` the others str.isspace() knows (the C0 separators, U+0085, U+00A0, U+1680,
    U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000; a test checks the list against
    Python). `s` is valid UTF-8, so a lead byte's continuation bytes are there."""
    cdef unsigned char c = s[0]
    if _blank(c):
        return 1
    if not wide:
        return 0
    if c == 0x0B or c == 0x0C or 0x1C <= c <= 0x1F:
        return 1
    if c == 0xC2:
        return 2 if s[1] == 0x85 or s[1] == 0xA0 else 0
    if c == 0xE1:
        return 3 if s[1] == 0x9A and s[2] == 0x80 else 0
    if c == 0xE2 and s[1] == 0x80:
        return 3 if s[2] <= 0x8A or s[2] == 0xA8 or s[2] == 0xA9 or s[2] == 0xAF else 0
    if c == 0xE2 and s[1] == 0x81:
        return 3 if s[2] == 0x9F else 0
    if c == 0xE3:
        return 3 if s[1] == 0x80 and s[2] == 0x80 else 0
    return 0


def leaf_blocks(cetree._Element root, Py_ssize_t max_chars) -> list:
    """The leaf blocks under `root` (not itself) worth a look for link blocks and labels, in document order.

    What the XPath `descendant::*[(self::p or (self::div and not(descendant::*[self::p
    or self::div or self::ul or self::ol or self::table]))) and (descendant::a[@href] or
    string-length(normalize-space(.)) <= max_chars)]` finds, without its evaluator's
    node sets: a <p>, or a <div> holding none of those blocks, that holds a link or
    at most `max_chars` characters of text.
    """
    cdef tree.xmlNode* start = root._c_node
    cdef tree.xmlNode* c_node = _next(start, start)
    cdef list out = []
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE and c_node.ns is NULL and _is_leaf_block(c_node):
            if _holds_link(c_node) or _length(c_node, max_chars + 1) <= max_chars:
                out.append(cetree.elementFactory(root._doc, c_node))
        c_node = _next(c_node, start)
    return out


cdef bint _named_as(tree.xmlNode* c_node, const char* name):
    return c_node.type == tree.XML_ELEMENT_NODE and c_node.ns is NULL and strcmp(<const char*>c_node.name, name) == 0


cdef bint _is_leaf_block(tree.xmlNode* c_node):
    """A <p>, or a <div> with no <p>, <div>, <ul>, <ol> or <table> below it."""
    cdef tree.xmlNode* inner
    if strcmp(<const char*>c_node.name, "p") == 0:
        return True
    if strcmp(<const char*>c_node.name, "div") != 0:
        return False
    inner = _next(c_node, c_node)
    while inner is not NULL:
        if (
            _named_as(inner, "p") or _named_as(inner, "div") or _named_as(inner, "ul")
            or _named_as(inner, "ol") or _named_as(inner, "table")
        ):
            return False
        inner = _next(inner, c_node)
    return True


cdef bint _holds_link(tree.xmlNode* c_node):
    """Whether an <a> with an href is below `c_node` (not `c_node` itself)."""
    cdef tree.xmlNode* inner = _next(c_node, c_node)
    while inner is not NULL:
        if inner.type == tree.XML_ELEMENT_NODE and inner.ns is NULL and _is_link(inner):
            return True
        inner = _next(inner, c_node)
    return False


def holds_tag(cetree._Element el, frozenset names) -> bool:
    """Whether some element below `el` (not itself) has one of the tags `names` (and no namespace).

    What XPath's boolean(descendant::*[self::a or self::b ...]) says, or a
    Python loop over el.iterdescendants(): the article's walks ask it of
    every wrapper, whose insides they then walk again.
    """
    cdef tree.xmlNode* start = el._c_node
    cdef tree.xmlNode* c_node = _next(start, start)
    cdef _Names tags = _Names()
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE and c_node.ns is NULL and tags.get(<const char*>c_node.name) in names:
            return True
        c_node = _next(c_node, start)
    return False


def holds_controls(bytes data) -> bool:
    """Whether `data` holds a C0 control byte other than tab, line feed and carriage
    return, or DEL: text.STRAY_CONTROLS (a test keeps the two the same), which the
    parser must not see.

    Almost no page holds one, and looking costs a fraction of copying the page
    without them: comparisons on each byte, ORed together a block at a time
    with no branch, which the compiler turns into vector instructions.
    """
    cdef const unsigned char* p = <const unsigned char*>PyBytes_AS_STRING(data)
    cdef Py_ssize_t size = PyBytes_GET_SIZE(data), at = 0, end, i
    cdef unsigned char found = 0, c
    while at < size:
        end = min(at + 4096, size)
        for i in range(at, end):
            c = p[i]
            found |= (c < 0x09) | (<unsigned char>(c - 0x0B) < 2) | (<unsigned char>(c - 0x0E) < 0x12) | (c == 0x7F)
        if found:
            return True
        at = end
    return False


cdef inline bint _regex_space(unsigned char c):
    """A regex's \\s on bytes: space, tab, line feed, vertical tab, form feed, carriage return."""
    return c == 0x20 or (0x09 <= c <= 0x0D)


cdef Py_ssize_t _document_end_at(const unsigned char* p, Py_ssize_t size, Py_ssize_t i):
    """The position after an end tag of the document (</html>, </body>, any case) at `i`, or -1."""
    cdef Py_ssize_t k
    if i + 6 >= size or p[i] != 0x3C or p[i + 1] != 0x2F:
        return -1
    if not (
        ((p[i + 2] | 0x20) == 0x68 and (p[i + 3] | 0x20) == 0x74 and (p[i + 4] | 0x20) == 0x6D and (p[i + 5] | 0x20) == 0x6C)
        or ((p[i + 2] | 0x20) == 0x62 and (p[i + 3] | 0x20) == 0x6F and (p[i + 4] | 0x20) == 0x64 and (p[i + 5] | 0x20) == 0x79)
    ):
        return -1
    k = i + 6
    while k < size and _regex_space(p[k]):
        k += 1
    return k + 1 if k < size and p[k] == 0x3E else -1


def ends_early(bytes data) -> bool:
    """Whether markup follows a </html> or </body> of `data` (other than the other end tag):
    parse._EARLY_END's question (a test keeps the two the same).

    libxml2 drops all that follows </html>, so a page a theme closed early
    must lose those tags first. The regex stopped at every '<' of the page
    in Python's engine; memchr finds them here.
    """
    cdef const unsigned char* p = <const unsigned char*>PyBytes_AS_STRING(data)
    cdef Py_ssize_t size = PyBytes_GET_SIZE(data), at = 0, end, k
    cdef const void* hit
    while at < size:
        hit = memchr(p + at, 0x3C, size - at)
        if hit == NULL:
            return False
        at = <const unsigned char*>hit - p
        end = _document_end_at(p, size, at)
        if end >= 0:
            k = end
            while k < size and _regex_space(p[k]):
                k += 1
            if k < size and _document_end_at(p, size, k) < 0:
                return True
        at += 1
    return False
