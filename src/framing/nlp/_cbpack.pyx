# cython: language_level=3
"""wordfreq's word list (a "cBpack") as a C hash table: word -> frequency bucket (compiled kernel).

wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) stores a language's list as gzip-compressed
msgpack: an array whose first element is a header map (``{"format": "cB", "version": 1}``) and
whose others are arrays of words (UTF-8 strings), one per frequency bucket (the i-th after the
header: ``-i`` centibels). Read in Python (``msgpack.load`` and a ``dict``) the German list costs
~0.3 CPU-s and ~70 MiB: 634,502 ``str`` objects. :class:`BucketTable` walks the decompressed
bytes once in C and keeps, per word, its offset, length and bucket in an open-addressing table
over the same bytes (~0.07 CPU-s, ~24 MiB with the bytes); a look-up hashes the word's UTF-8
bytes and compares them, so a hash collision never gives a wrong answer. A word listed in two
buckets gets the later one, as ``wordfreq.get_frequency_dict`` (and a ``dict`` filled bucket by
bucket) does.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcmp

CORRUPT = "not a wordfreq cBpack (msgpack array of string arrays)"

cdef uint64_t FNV_BASIS = 14695981039346656037ULL
cdef uint64_t FNV_PRIME = 1099511628211ULL


cdef inline uint64_t _fnv(const unsigned char* s, Py_ssize_t n) noexcept:
    cdef uint64_t h = FNV_BASIS
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ s[i]) * FNV_PRIME
    return h


cdef inline Py_ssize_t _uint(const unsigned char* d, Py_ssize_t n, Py_ssize_t pos, int width) except -1:
    """A big-endian unsigned integer of ``width`` bytes at ``pos``."""
    cdef Py_ssize_t v = 0
    cdef int i
    if pos + width > n:
        raise ValueError(CORRUPT)
    for i in range(width):
        v = (v << 8) | d[pos + i]
    return v


cdef Py_ssize_t _array_len(const unsigned char* d, Py_ssize_t n, Py_ssize_t* pos) except -1:
    """The length of the msgpack array at ``pos`` (advances past its header)."""
    cdef unsigned char b
    cdef Py_ssize_t length
    if pos[0] >= n:
        raise ValueError(CORRUPT)
    b = d[pos[0]]
    if 0x90 <= b <= 0x9f:
        pos[0] += 1
        return b & 0x0f
    if b == 0xdc:
        length = _uint(d, n, pos[0] + 1, 2)
        pos[0] += 3
        return length
    if b == 0xdd:
        length = _uint(d, n, pos[0] + 1, 4)
        pos[0] += 5
        return length
    raise ValueError(CORRUPT)


cdef Py_ssize_t _str_len(const unsigned char* d, Py_ssize_t n, Py_ssize_t* pos) except -1:
    """The byte length of the msgpack string at ``pos`` (advances to its first byte)."""
    cdef unsigned char b
    cdef Py_ssize_t length
    if pos[0] >= n:
        raise ValueError(CORRUPT)
    b = d[pos[0]]
    if 0xa0 <= b <= 0xbf:
        pos[0] += 1
        length = b & 0x1f
    elif b == 0xd9:
        length = _uint(d, n, pos[0] + 1, 1)
        pos[0] += 2
    elif b == 0xda:
        length = _uint(d, n, pos[0] + 1, 2)
        pos[0] += 3
    elif b == 0xdb:
        length = _uint(d, n, pos[0] + 1, 4)
        pos[0] += 5
    else:
        raise ValueError(CORRUPT)
    if pos[0] + length > n:
        raise ValueError(CORRUPT)
    return length


cdef Py_ssize_t _skip_header(const unsigned char* d, Py_ssize_t n, Py_ssize_t pos) except -1:
    """The offset after the header map (a fixmap of string keys to strings or small ints)."""
    cdef unsigned char b
    cdef Py_ssize_t entries, k, length
    if pos >= n or not (0x80 <= d[pos] <= 0x8f):
        raise ValueError(CORRUPT)
    entries = d[pos] & 0x0f
    pos += 1
    for k in range(2 * entries):
        if pos >= n:
            raise ValueError(CORRUPT)
        b = d[pos]
        if b <= 0x7f:  # positive fixint
            pos += 1
        elif b == 0xcc or b == 0xcd or b == 0xce:  # uint 8/16/32
            pos += 1 + (1 << (b - 0xcc))
        else:
            length = _str_len(d, n, &pos)
            pos += length
    if pos > n:
        raise ValueError(CORRUPT)
    return pos


cdef class BucketTable:
    """word -> bucket of a decompressed wordfreq cBpack (see the module docstring).

    ``BucketTable(data)``: ``data`` is the gzip-decompressed file (``bytes``); ``ValueError`` if
    it is not a cBpack (the header itself is checked by the caller: :attr:`header` is its raw
    msgpack). ``get(word)`` is the word's bucket or ``None``; ``len`` is the number of words."""

    cdef bytes data
    cdef uint64_t* slots  # offset of the word's bytes in data << 32 | length << 16 | bucket; 0: empty
    cdef Py_ssize_t mask
    cdef Py_ssize_t words
    cdef public bytes header

    def __cinit__(self):
        self.slots = NULL

    def __dealloc__(self):
        free(self.slots)

    def __reduce__(self):
        return (BucketTable, (self.data,))  # rebuilt from the same bytes in another process

    def __init__(self, bytes data):
        cdef const unsigned char* d = <const unsigned char*>PyBytes_AS_STRING(data)
        cdef Py_ssize_t n = PyBytes_GET_SIZE(data)
        cdef Py_ssize_t pos = 0, top, header_start, first, total = 0, b, i, k, length, size
        cdef Py_ssize_t slot, nb
        cdef uint64_t entry
        if n >= 1 << 32:
            raise ValueError(CORRUPT)
        top = _array_len(d, n, &pos)
        if top < 1 or top - 1 > 65_535:
            raise ValueError(CORRUPT)
        header_start = pos
        pos = _skip_header(d, n, pos)
        self.header = data[header_start:pos]
        first = pos
        for b in range(top - 1):  # pass 1: check the structure and count the words
            nb = _array_len(d, n, &pos)
            for i in range(nb):
                length = _str_len(d, n, &pos)
                if length > 65_535:
                    raise ValueError(CORRUPT)
                pos += length
                total += 1
        if pos != n:
            raise ValueError(CORRUPT)
        size = 1024
        while size < 2 * total:
            size *= 2
        self.mask = size - 1
        self.slots = <uint64_t*>calloc(size, sizeof(uint64_t))
        if self.slots == NULL:
            raise MemoryError()
        self.data = data
        pos = first
        for b in range(top - 1):  # pass 2: insert; a later bucket overwrites an earlier one
            nb = _array_len(d, n, &pos)
            for i in range(nb):
                length = _str_len(d, n, &pos)
                slot = _fnv(d + pos, length) & self.mask
                entry = self.slots[slot]
                while entry != 0:
                    if <Py_ssize_t>((entry >> 16) & 0xffff) == length and \
                            memcmp(d + (entry >> 32), d + pos, length) == 0:
                        break
                    slot = (slot + 1) & self.mask
                    entry = self.slots[slot]
                if entry == 0:
                    self.words += 1
                self.slots[slot] = (<uint64_t>pos << 32) | (<uint64_t>length << 16) | <uint64_t>b
                pos += length

    def get(self, str word):
        """The word's bucket, ``None`` if the list does not have it (or it is no valid UTF-8)."""
        cdef Py_ssize_t length, slot
        cdef uint64_t entry
        cdef const char* s
        cdef const unsigned char* d = <const unsigned char*>PyBytes_AS_STRING(self.data)
        try:
            s = PyUnicode_AsUTF8AndSize(word, &length)
        except UnicodeEncodeError:  # a lone surrogate: no listed word has one
            return None
        slot = _fnv(<const unsigned char*>s, length) & self.mask
        entry = self.slots[slot]
        while entry != 0:
            if <Py_ssize_t>((entry >> 16) & 0xffff) == length and memcmp(d + (entry >> 32), s, length) == 0:
                return <int>(entry & 0xffff)
            slot = (slot + 1) & self.mask
            entry = self.slots[slot]
        return None

    def __len__(self):
        return self.words
