# cython: language_level=3
"""simplemma's front-coded dictionary stream decoded in C (compiled kernel).

The same decoding as ``simplemma.strategies.dictionaries.frontcode._decode_stream`` (simplemma
2.x, MIT; format magic ``SMFC1``), record for record, with the same result: a ``dict`` of
``bytes -> bytes`` in the stream's order. simplemma's pure-Python decoder spends ~1.2 CPU-s on
the German dictionary (1.1 M records) in every process that lemmatises; this takes a tenth of
that. Format (see simplemma's module docstring): magic, flag byte (bit 0: keys and values are
stored reversed), record count (varint), then per record: shared prefix length and suffix length
(varints), the key's suffix bytes, a trim byte (254: the value of the record before; 255: a
literal value; else: the value is the stored key less ``trim`` bytes) and, unless 254, the
value's length (varint) and bytes.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcmp, memcpy

DEF SAME_AS_PREV = 254
DEF LITERAL_VALUE = 255

MAGIC = b"SMFC1"
CORRUPT = "truncated or corrupt front-coded stream"


cdef inline Py_ssize_t _varint(const unsigned char* data, Py_ssize_t n, Py_ssize_t* pos) except -1:
    cdef Py_ssize_t result = 0
    cdef int shift = 0
    cdef unsigned char byte
    while True:
        if pos[0] >= n or shift > 56:
            raise ValueError(CORRUPT)
        byte = data[pos[0]]
        pos[0] += 1
        result |= (<Py_ssize_t>(byte & 0x7F)) << shift
        if not byte & 0x80:
            return result
        shift += 7


cdef bytes _reversed(const unsigned char* s, Py_ssize_t length):
    cdef bytes out = PyBytes_FromStringAndSize(NULL, length)
    cdef char* o = PyBytes_AS_STRING(out)
    cdef Py_ssize_t i
    for i in range(length):
        o[i] = s[length - 1 - i]
    return out


def decode_stream(bytes stream):
    """The decompressed front-coded ``stream`` as ``{key: value}`` (``ValueError`` if it is not
    one, truncated or has trailing bytes, as simplemma raises)."""
    cdef const unsigned char* data = <const unsigned char*>PyBytes_AS_STRING(stream)
    cdef Py_ssize_t n = PyBytes_GET_SIZE(stream)
    cdef Py_ssize_t pos, count, shared, suflen, vlen, trim, klen = 0, vcur = 0, records = 0
    cdef Py_ssize_t kcap = 256, vcap = 256
    cdef bint reverse
    cdef unsigned char* key = NULL
    cdef unsigned char* value = NULL
    cdef dict result = {}
    cdef object k, v
    if stream[:5] != MAGIC:
        raise ValueError("not a front-coded stream")
    if n < 6:
        raise ValueError(CORRUPT)
    reverse = data[5] & 0x01
    pos = 6
    count = _varint(data, n, &pos)
    key = <unsigned char*>malloc(kcap)
    value = <unsigned char*>malloc(vcap)
    if key == NULL or value == NULL:
        free(key); free(value)
        raise MemoryError()
    try:
        v = b""
        while pos < n:
            shared = _varint(data, n, &pos)
            suflen = _varint(data, n, &pos)
            if pos + suflen > n or shared > klen:
                raise ValueError(CORRUPT)
            if shared + suflen > kcap:
                kcap = 2 * (shared + suflen)
                key = <unsigned char*>realloc(key, kcap)
                if key == NULL:
                    raise MemoryError()
            memcpy(key + shared, data + pos, suflen)
            klen = shared + suflen
            pos += suflen
            if pos >= n:
                raise ValueError(CORRUPT)
            trim = data[pos]
            pos += 1
            if trim != SAME_AS_PREV:
                vlen = _varint(data, n, &pos)
                if pos + vlen > n:
                    raise ValueError(CORRUPT)
                if trim == LITERAL_VALUE:
                    vcur = vlen
                    if vcur > vcap:
                        vcap = 2 * vcur
                        value = <unsigned char*>realloc(value, vcap)
                        if value == NULL:
                            raise MemoryError()
                    memcpy(value, data + pos, vlen)
                else:
                    if trim > klen:
                        raise ValueError(CORRUPT)
                    vcur = klen - trim + vlen
                    if vcur > vcap:
                        vcap = 2 * vcur
                        value = <unsigned char*>realloc(value, vcap)
                        if value == NULL:
                            raise MemoryError()
                    memcpy(value, key, klen - trim)
                    memcpy(value + klen - trim, data + pos, vlen)
                pos += vlen
                v = _reversed(value, vcur) if reverse else PyBytes_FromStringAndSize(<char*>value, vcur)
            k = _reversed(key, klen) if reverse else PyBytes_FromStringAndSize(<char*>key, klen)
            result[k] = v
            records += 1
    finally:
        free(key)
        free(value)
    if records != count:
        raise ValueError(CORRUPT)
    return result


DEF BLOCK = 16
DEF BUFFER = 1024  # longest key or value _find decodes (longer: the decoded dict is used)


cdef inline unsigned long long _prefix(const unsigned char* s, Py_ssize_t length):
    """The first 8 bytes of ``s`` as a big-endian number, zero-padded (ordered as the bytes are)."""
    cdef unsigned long long p = 0
    cdef Py_ssize_t i
    for i in range(8):
        p = (p << 8) | (s[i] if i < length else 0)
    return p


cdef class LazyDictionary:
    """The same mapping as ``decode_stream(stream)``, decoded on demand.

    Decoding a dictionary creates two ``bytes`` objects per record (German: 1.1 M records,
    ~0.3 CPU-s and ~150 MB even in C) although a corpus asks for a few thousand keys. This walks
    the stream once in C (checking it as ``decode_stream`` does, ~0.03 CPU-s) and keeps a restart
    point per block of 16 records, with the first 8 bytes of each block's first key in a C array;
    a look-up bisects that array (then full keys where prefixes tie) and decodes at most 16
    records (~0.4 us more than a ``dict`` look-up). simplemma stores the records sorted (strictly
    increasing stored keys; checked on the walk), which is what makes the bisection exact. A
    stream that is not sorted, iteration, and very heavy use (more look-ups than
    ``materialise_after``, default: as many as records, by then their extra cost is about that of
    a full decode) turn the mapping into the plain ``dict`` of :func:`decode_stream`, used from
    then on. Read-only: ``get``, ``[]``, ``in``, ``len``, iteration, ``keys``/``values``/``items``."""

    cdef bytes stream
    cdef bint reverse
    cdef Py_ssize_t count
    cdef list firsts      # each block's first stored key
    cdef unsigned long long* prefixes  # their first 8 bytes, big-endian: a compact first search
    cdef Py_ssize_t nblocks, pcap
    cdef list offsets     # each block's first record's offset in the stream
    cdef list seed_keys   # the stored key before each block (front coding resumes from it)
    cdef list seed_values # the stored value before each block (for "same as before")
    cdef dict decoded     # the full dict once materialised
    cdef Py_ssize_t longest_key # no look-up of a longer key can succeed
    cdef public Py_ssize_t lookups
    cdef public Py_ssize_t materialise_after

    def __init__(self, bytes stream, Py_ssize_t materialise_after=-1):
        cdef const unsigned char* data = <const unsigned char*>PyBytes_AS_STRING(stream)
        cdef Py_ssize_t n = PyBytes_GET_SIZE(stream)
        cdef Py_ssize_t pos, start, shared, suflen, vlen, trim, klen = 0, vcur = 0, records = 0
        cdef Py_ssize_t kcap = 256, vcap = 256, plen = 0, m, longest_value = 0
        cdef unsigned char* key = NULL
        cdef unsigned char* value = NULL
        cdef unsigned char* prev = NULL
        cdef bint ordered = True
        cdef int c
        if stream[:5] != MAGIC:
            raise ValueError("not a front-coded stream")
        if n < 6:
            raise ValueError(CORRUPT)
        self.stream = stream
        self.reverse = data[5] & 0x01
        pos = 6
        self.count = _varint(data, n, &pos)
        self.firsts, self.offsets, self.seed_keys, self.seed_values = [], [], [], []
        self.nblocks = 0
        self.pcap = 1024
        self.prefixes = <unsigned long long*>malloc(self.pcap * sizeof(unsigned long long))
        if self.prefixes == NULL:
            raise MemoryError()
        self.decoded = None
        self.lookups = 0
        self.longest_key = 0
        key = <unsigned char*>malloc(kcap)
        value = <unsigned char*>malloc(vcap)
        prev = <unsigned char*>malloc(kcap)
        if key == NULL or value == NULL or prev == NULL:
            free(key); free(value); free(prev)
            raise MemoryError()
        try:
            while pos < n:
                start = pos
                if records % BLOCK == 0:
                    self.offsets.append(start)
                    self.seed_keys.append(PyBytes_FromStringAndSize(<char*>key, klen))
                    self.seed_values.append(PyBytes_FromStringAndSize(<char*>value, vcur))
                shared = _varint(data, n, &pos)
                suflen = _varint(data, n, &pos)
                if pos + suflen > n or shared > klen:
                    raise ValueError(CORRUPT)
                if shared + suflen > kcap:
                    kcap = 2 * (shared + suflen)
                    key = <unsigned char*>realloc(key, kcap)
                    prev = <unsigned char*>realloc(prev, kcap)
                    if key == NULL or prev == NULL:
                        raise MemoryError()
                memcpy(prev, key, klen)
                plen = klen
                memcpy(key + shared, data + pos, suflen)
                klen = shared + suflen
                pos += suflen
                if klen > self.longest_key:
                    self.longest_key = klen
                if records > 0 and ordered:
                    m = plen if plen < klen else klen
                    c = memcmp(prev, key, m)
                    if c > 0 or (c == 0 and plen >= klen):
                        ordered = False
                if records % BLOCK == 0:
                    self.firsts.append(PyBytes_FromStringAndSize(<char*>key, klen))
                    if self.nblocks == self.pcap:
                        self.pcap *= 2
                        self.prefixes = <unsigned long long*>realloc(
                            self.prefixes, self.pcap * sizeof(unsigned long long))
                        if self.prefixes == NULL:
                            raise MemoryError()
                    self.prefixes[self.nblocks] = _prefix(key, klen)
                    self.nblocks += 1
                if pos >= n:
                    raise ValueError(CORRUPT)
                trim = data[pos]
                pos += 1
                if trim != SAME_AS_PREV:
                    vlen = _varint(data, n, &pos)
                    if pos + vlen > n:
                        raise ValueError(CORRUPT)
                    if trim == LITERAL_VALUE:
                        vcur = vlen
                    else:
                        if trim > klen:
                            raise ValueError(CORRUPT)
                        vcur = klen - trim + vlen
                    if vcur > vcap:
                        vcap = 2 * vcur
                        value = <unsigned char*>realloc(value, vcap)
                        if value == NULL:
                            raise MemoryError()
                    if trim == LITERAL_VALUE:
                        memcpy(value, data + pos, vlen)
                    else:
                        memcpy(value, key, klen - trim)
                        memcpy(value + klen - trim, data + pos, vlen)
                    pos += vlen
                    if vcur > longest_value:
                        longest_value = vcur
                records += 1
        finally:
            free(key)
            free(value)
            free(prev)
        if records != self.count:
            raise ValueError(CORRUPT)
        self.materialise_after = materialise_after if materialise_after >= 0 else self.count
        if not ordered or self.longest_key > BUFFER or longest_value > BUFFER:
            self.materialise()  # no bisection, or records too long for _find's buffers

    def __dealloc__(self):
        free(self.prefixes)

    def __reduce__(self):
        # rebuilt from the stream in another process (the same answers; one pass, ~0.03 CPU-s)
        return (LazyDictionary, (self.stream, self.materialise_after))

    def materialise(self):
        """The plain ``dict`` (:func:`decode_stream`), from now on used for every look-up."""
        if self.decoded is None:
            self.decoded = decode_stream(self.stream)
            self.firsts = self.offsets = self.seed_keys = self.seed_values = None
        return self.decoded

    @property
    def materialised(self):
        return self.decoded is not None

    cdef object _find(self, bytes wanted):
        """The value of ``wanted`` (a key as stored: reversed in a reversed stream), or None."""
        cdef const unsigned char* data = <const unsigned char*>PyBytes_AS_STRING(self.stream)
        cdef Py_ssize_t n = PyBytes_GET_SIZE(self.stream)
        cdef const unsigned char* t = <const unsigned char*>PyBytes_AS_STRING(wanted)
        cdef Py_ssize_t tlen = PyBytes_GET_SIZE(wanted)
        cdef Py_ssize_t lo = 0, hi = self.nblocks, mid, block, pos, shared, suflen, vlen, trim
        cdef unsigned long long tp = _prefix(t, tlen)
        cdef Py_ssize_t klen, vcur, m, i, first_equal
        cdef bytes seed_key, seed_value, first
        cdef unsigned char key[BUFFER]
        cdef unsigned char value[BUFFER]
        cdef int c
        if tlen > self.longest_key:
            return None
        # blocks whose first key's prefix is below the target's come before it, above it after it
        # (zero-padded big-endian prefixes keep byte order): only equal prefixes need full keys
        while lo < hi:
            mid = (lo + hi) // 2
            if self.prefixes[mid] < tp:
                lo = mid + 1
            else:
                hi = mid
        first_equal, hi = lo, self.nblocks
        while lo < hi:
            mid = (lo + hi) // 2
            if self.prefixes[mid] <= tp:
                lo = mid + 1
            else:
                hi = mid
        lo = first_equal
        while lo < hi:  # bisect_right over those blocks' first keys
            mid = (lo + hi) // 2
            first = <bytes>self.firsts[mid]
            m = PyBytes_GET_SIZE(first)
            c = memcmp(t, PyBytes_AS_STRING(first), tlen if tlen < m else m)
            if c < 0 or (c == 0 and tlen < m):
                hi = mid
            else:
                lo = mid + 1
        block = lo - 1
        if block < 0:
            return None
        seed_key = <bytes>self.seed_keys[block]
        seed_value = <bytes>self.seed_values[block]
        klen = PyBytes_GET_SIZE(seed_key)
        vcur = PyBytes_GET_SIZE(seed_value)
        memcpy(key, PyBytes_AS_STRING(seed_key), klen)
        memcpy(value, PyBytes_AS_STRING(seed_value), vcur)
        pos = <Py_ssize_t>self.offsets[block]
        for i in range(BLOCK):
            if pos >= n:
                return None
            shared = _varint(data, n, &pos)
            suflen = _varint(data, n, &pos)
            memcpy(key + shared, data + pos, suflen)
            klen = shared + suflen
            pos += suflen
            trim = data[pos]
            pos += 1
            if trim != SAME_AS_PREV:
                vlen = _varint(data, n, &pos)
                if trim == LITERAL_VALUE:
                    vcur = vlen
                else:
                    vcur = klen - trim + vlen
                if trim == LITERAL_VALUE:
                    memcpy(value, data + pos, vlen)
                else:
                    memcpy(value, key, klen - trim)
                    memcpy(value + klen - trim, data + pos, vlen)
                pos += vlen
            m = klen if klen < tlen else tlen
            c = memcmp(key, t, m)
            if c == 0 and klen == tlen:
                return _reversed(value, vcur) if self.reverse else PyBytes_FromStringAndSize(<char*>value, vcur)
            if c > 0 or (c == 0 and klen > tlen):
                return None
        return None

    def get(self, key, default=None):
        cdef object got
        if self.decoded is not None:
            return self.decoded.get(key, default)
        if type(key) is not bytes:
            return default if not isinstance(key, bytes) else self.get(bytes(key), default)
        self.lookups += 1
        if self.lookups > self.materialise_after:
            return self.materialise().get(key, default)
        got = self._find(key[::-1] if self.reverse else key)
        return default if got is None else got

    def __getitem__(self, key):
        cdef object got = self.get(key)
        if got is None:
            raise KeyError(key)
        return got

    def __contains__(self, key):
        return self.get(key) is not None

    def __len__(self):
        return self.count

    def __iter__(self):
        return iter(self.materialise())

    def keys(self):
        return self.materialise().keys()

    def values(self):
        return self.materialise().values()

    def items(self):
        return self.materialise().items()
