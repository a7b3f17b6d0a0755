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
from libc.string cimport memcpy

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
