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


cdef struct _Record:
    # the record being decoded: its key and value as stored (reversed in a reversed stream),
    # in buffers that grow as needed; front coding makes each record depend on the one before
    unsigned char* key
    unsigned char* value
    Py_ssize_t klen, vlen, kcap, vcap
    bint new_value  # False: the record repeats the value before it ("same as before")


cdef int _record_init(_Record* r) except -1:
    r.kcap = r.vcap = 256
    r.klen = r.vlen = 0
    r.new_value = True
    r.key = <unsigned char*>malloc(r.kcap)
    r.value = <unsigned char*>malloc(r.vcap)
    if r.key == NULL or r.value == NULL:
        _record_free(r)
        raise MemoryError()
    return 0


cdef void _record_free(_Record* r) noexcept:
    free(r.key)
    free(r.value)
    r.key = r.value = NULL


cdef inline int _grow(unsigned char** buffer, Py_ssize_t* capacity, Py_ssize_t needed) except -1:
    cdef unsigned char* grown
    if needed > capacity[0]:
        grown = <unsigned char*>realloc(buffer[0], 2 * needed)
        if grown == NULL:
            raise MemoryError()
        buffer[0] = grown
        capacity[0] = 2 * needed
    return 0


cdef int _record_seed(_Record* r, bytes key, bytes value) except -1:
    """Start decoding after a record whose stored key and value are ``key`` and ``value``."""
    r.klen = PyBytes_GET_SIZE(key)
    r.vlen = PyBytes_GET_SIZE(value)
    _grow(&r.key, &r.kcap, r.klen)
    _grow(&r.value, &r.vcap, r.vlen)
    memcpy(r.key, PyBytes_AS_STRING(key), r.klen)
    memcpy(r.value, PyBytes_AS_STRING(value), r.vlen)
    return 0


cdef inline Py_ssize_t _read_record(const unsigned char* data, Py_ssize_t n, Py_ssize_t pos, _Record* r) except -1:
    """Decode the record at ``pos`` into ``r`` (which holds the record before it); returns the
    position after it. Format: shared prefix length and suffix length (varints), the key's suffix
    bytes, a trim byte (254: the value before; 255: a literal value; else: the key less ``trim``
    bytes) and, unless 254, the value's length (varint) and bytes."""
    cdef Py_ssize_t shared, suflen, vlen, trim
    shared = _varint(data, n, &pos)
    suflen = _varint(data, n, &pos)
    if pos + suflen > n or shared > r.klen:
        raise ValueError(CORRUPT)
    _grow(&r.key, &r.kcap, shared + suflen)
    memcpy(r.key + shared, data + pos, suflen)
    r.klen = shared + suflen
    pos += suflen
    if pos >= n:
        raise ValueError(CORRUPT)
    trim = data[pos]
    pos += 1
    r.new_value = trim != SAME_AS_PREV
    if r.new_value:
        vlen = _varint(data, n, &pos)
        if pos + vlen > n:
            raise ValueError(CORRUPT)
        if trim == LITERAL_VALUE:
            _grow(&r.value, &r.vcap, vlen)
            memcpy(r.value, data + pos, vlen)
            r.vlen = vlen
        else:
            if trim > r.klen:
                raise ValueError(CORRUPT)
            _grow(&r.value, &r.vcap, r.klen - trim + vlen)
            memcpy(r.value, r.key, r.klen - trim)
            memcpy(r.value + r.klen - trim, data + pos, vlen)
            r.vlen = r.klen - trim + vlen
        pos += vlen
    return pos


cdef Py_ssize_t _read_header(bytes stream, bint* reverse, Py_ssize_t* count) except -1:
    """Check the magic; the flag (bit 0: keys and values stored reversed) and the record count;
    returns the position of the first record."""
    cdef const unsigned char* data = <const unsigned char*>PyBytes_AS_STRING(stream)
    cdef Py_ssize_t n = PyBytes_GET_SIZE(stream), pos = 6
    if stream[:5] != MAGIC:
        raise ValueError("not a front-coded stream")
    if n < 6:
        raise ValueError(CORRUPT)
    reverse[0] = data[5] & 0x01
    count[0] = _varint(data, n, &pos)
    return pos


cdef inline bytes _stored(const unsigned char* s, Py_ssize_t length, bint reverse):
    return _reversed(s, length) if reverse else PyBytes_FromStringAndSize(<char*>s, length)


def decode_stream(bytes stream):
    """The decompressed front-coded ``stream`` as ``{key: value}`` (``ValueError`` if it is not
    one, truncated or has trailing bytes, as simplemma raises)."""
    cdef const unsigned char* data = <const unsigned char*>PyBytes_AS_STRING(stream)
    cdef Py_ssize_t n = PyBytes_GET_SIZE(stream), pos, count, records = 0
    cdef bint reverse
    cdef _Record r
    cdef dict result = {}
    cdef object v = b""
    pos = _read_header(stream, &reverse, &count)
    _record_init(&r)
    try:
        while pos < n:
            pos = _read_record(data, n, pos, &r)
            if r.new_value:
                v = _stored(r.value, r.vlen, reverse)
            result[_stored(r.key, r.klen, reverse)] = v
            records += 1
    finally:
        _record_free(&r)
    if records != count:
        raise ValueError(CORRUPT)
    return result


DEF BLOCK = 16


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
    cdef _Record scratch  # the record decoded by a look-up
    cdef public Py_ssize_t lookups
    cdef public Py_ssize_t materialise_after

    def __cinit__(self):
        self.prefixes = NULL
        self.scratch.key = self.scratch.value = NULL

    def __dealloc__(self):
        free(self.prefixes)
        _record_free(&self.scratch)

    def __reduce__(self):
        # rebuilt from the stream in another process (the same answers; one pass, ~0.03 CPU-s)
        return (LazyDictionary, (self.stream, self.materialise_after))

    def __init__(self, bytes stream, Py_ssize_t materialise_after=-1):
        cdef const unsigned char* data = <const unsigned char*>PyBytes_AS_STRING(stream)
        cdef Py_ssize_t n = PyBytes_GET_SIZE(stream), pos, records = 0, plen = 0, pcap = 256, m
        cdef unsigned char* prev = NULL
        cdef bint ordered = True
        cdef int c
        cdef _Record r
        pos = _read_header(stream, &self.reverse, &self.count)
        self.stream = stream
        self.firsts, self.offsets, self.seed_keys, self.seed_values = [], [], [], []
        self.decoded = None
        self.lookups = 0
        self.longest_key = 0
        self.nblocks = 0
        self.pcap = 1024
        self.prefixes = <unsigned long long*>malloc(self.pcap * sizeof(unsigned long long))
        _record_init(&self.scratch)
        _record_init(&r)
        prev = <unsigned char*>malloc(pcap)
        if self.prefixes == NULL or prev == NULL:
            _record_free(&r)
            free(prev)
            raise MemoryError()
        try:
            while pos < n:
                if records % BLOCK == 0:  # a restart point: where the block starts, what came before
                    self.offsets.append(pos)
                    self.seed_keys.append(PyBytes_FromStringAndSize(<char*>r.key, r.klen))
                    self.seed_values.append(PyBytes_FromStringAndSize(<char*>r.value, r.vlen))
                _grow(&prev, &pcap, r.klen)
                memcpy(prev, r.key, r.klen)
                plen = r.klen
                pos = _read_record(data, n, pos, &r)
                if r.klen > self.longest_key:
                    self.longest_key = r.klen
                if records > 0 and ordered:  # stored keys strictly increasing?
                    m = plen if plen < r.klen else r.klen
                    c = memcmp(prev, r.key, m)
                    if c > 0 or (c == 0 and plen >= r.klen):
                        ordered = False
                if records % BLOCK == 0:
                    self.firsts.append(PyBytes_FromStringAndSize(<char*>r.key, r.klen))
                    if self.nblocks == self.pcap:
                        self.pcap *= 2
                        self.prefixes = <unsigned long long*>realloc(
                            self.prefixes, self.pcap * sizeof(unsigned long long))
                        if self.prefixes == NULL:
                            raise MemoryError()
                    self.prefixes[self.nblocks] = _prefix(r.key, r.klen)
                    self.nblocks += 1
                records += 1
        finally:
            _record_free(&r)
            free(prev)
        if records != self.count:
            raise ValueError(CORRUPT)
        self.materialise_after = materialise_after if materialise_after >= 0 else self.count
        if not ordered:
            self.materialise()  # no bisection possible

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
        cdef Py_ssize_t lo = 0, hi = self.nblocks, mid, block, pos, m, i, first_equal
        cdef unsigned long long tp = _prefix(t, tlen)
        cdef bytes first
        cdef int c
        cdef _Record* r = &self.scratch
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
        _record_seed(r, <bytes>self.seed_keys[block], <bytes>self.seed_values[block])
        pos = <Py_ssize_t>self.offsets[block]
        for i in range(BLOCK):
            if pos >= n:
                return None
            pos = _read_record(data, n, pos, r)
            m = r.klen if r.klen < tlen else tlen
            c = memcmp(r.key, t, m)
            if c == 0 and r.klen == tlen:
                return _stored(r.value, r.vlen, self.reverse)
            if c > 0 or (c == 0 and r.klen > tlen):
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
