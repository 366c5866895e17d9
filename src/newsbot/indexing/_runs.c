/* The compiled half of `newsbot.indexing.run_codes`: runs of word characters -> codes.
 *
 * Indexing spends most of its analysis time finding runs of word characters with a regular
 * expression and looking each one up in a dict. This module does both in one pass over the
 * string's own storage: it finds the same runs as `newsbot.text.tokens.RUN_PATTERN`,
 *
 *     (?:C(?=[0-9]))?W+(?:(?:F+|F*JF*)W+)*
 *
 * where W is a word character ([\w\u0300-\u036f\u0483-\u0489], with Python's definition of
 * \w: str.isalnum() or "_"), J a joiner (. , ' \u2019 \u02bc &), F a format character (the
 * ranges of `tokens.FORMAT_RANGES`) and C a currency sign (`tokens.CURRENCY_SIGNS`). It looks
 * them up in its own hash table keyed by code points, so that no str object is made for a run
 * it has seen before. A run seen for the first time is handed to a Python callable once, and its
 * answer kept.
 *
 * A run is looked up by its key, as `tokens.run_keys` gives it: the run itself, or, for a run in
 * capitals (str.isupper()) inside a stretch of at least SHOUTED_WORDS of them with no run holding
 * a lower-case or title-case letter between, the run with its ASCII capitals lowered.
 *
 * The pure-Python `run_codes.PythonRunCoder` is the reference; tests hold the two to the same
 * output. Bump RUNS_ABI when the interface or the runs change, so that a stale build is not used.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "../text/_slice.h"

#define RUNS_ABI 2
#define SHOUTED_WORDS 3

/* 1 bit per code point of the Basic Multilingual Plane: is it a run character? */
static uint8_t bmp_word[0x10000 / 8];

static int
slow_is_word(Py_UCS4 c)
{
    return Py_UNICODE_ISALNUM(c) || c == '_' || (c >= 0x300 && c <= 0x36f) ||
           (c >= 0x483 && c <= 0x489);
}

static inline int
is_word(Py_UCS4 c)
{
    if (c < 0x10000) {
        return (bmp_word[c >> 3] >> (c & 7)) & 1;
    }
    return slow_is_word(c);
}

static inline int
is_joiner(Py_UCS4 c)
{
    return c == '.' || c == ',' || c == '\'' || c == 0x2019 || c == 0x2bc || c == '&';
}

/* Format characters (Unicode's Cf): the ranges of `tokens.FORMAT_RANGES`, in order. */
static const Py_UCS4 format_ranges[][2] = {
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
    {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x202A, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
    {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
};

static inline int
is_format(Py_UCS4 c)
{
    if (c < 0xAD) {
        return 0; /* every ASCII character, the common case */
    }
    for (size_t k = 0; k < sizeof(format_ranges) / sizeof(format_ranges[0]); k++) {
        if (c < format_ranges[k][0]) {
            return 0;
        }
        if (c <= format_ranges[k][1]) {
            return 1;
        }
    }
    return 0;
}

/* `tokens.CURRENCY_SIGNS`: $ £ € ¥ ₹ ₽ ₩ ₺ ₴ ₪ ₦ */
static inline int
is_currency(Py_UCS4 c)
{
    return c == '$' || c == 0xA3 || c == 0x20AC || c == 0xA5 || c == 0x20B9 || c == 0x20BD ||
           c == 0x20A9 || c == 0x20BA || c == 0x20B4 || c == 0x20AA || c == 0x20A6;
}

enum { NEUTRAL = 0, CAPITAL = 1, LOWER = 2 };

/* A run's case: LOWER if it holds a lower-case or title-case letter, CAPITAL if it holds an
 * upper-case one and no such letter (str.isupper()), NEUTRAL if neither (a number). */
static int
run_case(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    int upper = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128) {
            if (c >= 'a' && c <= 'z') {
                return LOWER;
            }
            upper |= c >= 'A' && c <= 'Z';
        }
        else if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c)) {
            return LOWER;
        }
        else if (Py_UNICODE_ISUPPER(c)) {
            upper = 1;
        }
    }
    return upper ? CAPITAL : NEUTRAL;
}

static inline Py_UCS4
folded(Py_UCS4 c, int fold)
{
    return fold && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
    int case_; /* NEUTRAL, CAPITAL or LOWER; then whether its key is lowered */
} Run;

typedef struct {
    uint64_t hash;
    PyObject *key; /* the run, as a str; NULL for an empty slot */
    int32_t value;
} Entry;

typedef struct {
    PyObject_HEAD
    PyObject *miss;
    Entry *entries;
    Py_ssize_t mask; /* capacity - 1; capacity is a power of two */
    Py_ssize_t used;
} RunCoder;

static int
grow(RunCoder *self)
{
    Py_ssize_t capacity = (self->mask + 1) * 2;
    Entry *entries = PyMem_Calloc((size_t)capacity, sizeof(Entry));
    if (entries == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i <= self->mask; i++) {
        Entry *old = &self->entries[i];
        if (old->key == NULL) {
            continue;
        }
        Py_ssize_t slot = (Py_ssize_t)(old->hash & (uint64_t)(capacity - 1));
        while (entries[slot].key != NULL) {
            slot = (slot + 1) & (capacity - 1);
        }
        entries[slot] = *old;
    }
    PyMem_Free(self->entries);
    self->entries = entries;
    self->mask = capacity - 1;
    return 0;
}

static int
RunCoder_init(RunCoder *self, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"miss", NULL};
    PyObject *miss;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:RunCoder", keywords, &miss)) {
        return -1;
    }
    if (!PyCallable_Check(miss)) {
        PyErr_SetString(PyExc_TypeError, "miss must be callable");
        return -1;
    }
    Py_XSETREF(self->miss, Py_NewRef(miss));
    if (self->entries == NULL) {
        self->entries = PyMem_Calloc(1024, sizeof(Entry));
        if (self->entries == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->mask = 1023;
    }
    return 0;
}

static int
RunCoder_traverse(RunCoder *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->miss);
    return 0;
}

static int
RunCoder_clear(RunCoder *self)
{
    Py_CLEAR(self->miss);
    return 0;
}

static void
RunCoder_dealloc(RunCoder *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    RunCoder_clear(self);
    if (self->entries != NULL) {
        for (Py_ssize_t i = 0; i <= self->mask; i++) {
            Py_XDECREF(self->entries[i].key);
        }
        PyMem_Free(self->entries);
    }
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static Py_ssize_t
RunCoder_len(RunCoder *self)
{
    return self->used;
}

/* Does the stored key hold the code points data[start:end] of a string of `kind` (with its
 * ASCII capitals lowered when `fold`)? */
static int
same_run(PyObject *key, int kind, const void *data, Py_ssize_t start, Py_ssize_t length,
         int fold)
{
    if (PyUnicode_GET_LENGTH(key) != length) {
        return 0;
    }
    int key_kind = PyUnicode_KIND(key);
    const void *key_data = PyUnicode_DATA(key);
    if (fold) {
        for (Py_ssize_t i = 0; i < length; i++) {
            if (PyUnicode_READ(key_kind, key_data, i) !=
                folded(PyUnicode_READ(kind, data, start + i), 1)) {
                return 0;
            }
        }
        return 1;
    }
    if (key_kind == kind) {
        return memcmp(key_data, (const char *)data + start * kind, (size_t)(length * kind)) == 0;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(key_kind, key_data, i) != PyUnicode_READ(kind, data, start + i)) {
            return 0;
        }
    }
    return 1;
}

/* text[start:end] with its ASCII capitals lowered, as a new str. */
static PyObject *
lowered(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *run = PyUnicode_Substring(text, start, end);
    if (run == NULL) {
        return NULL;
    }
    PyObject *key = PyUnicode_New(end - start, PyUnicode_MAX_CHAR_VALUE(run));
    Py_DECREF(run);
    if (key == NULL) {
        return NULL;
    }
    int key_kind = PyUnicode_KIND(key);
    void *key_data = PyUnicode_DATA(key);
    for (Py_ssize_t i = start; i < end; i++) {
        PyUnicode_WRITE(key_kind, key_data, i - start, folded(PyUnicode_READ(kind, data, i), 1));
    }
    return key;
}

/* The code of the run text[start:end] (lowered when `fold`): from the table, or from `miss`
 * (then kept). */
static int
lookup(RunCoder *self, PyObject *text, int kind, const void *data, Py_ssize_t start,
       Py_ssize_t end, int fold, int32_t *code)
{
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = start; i < end; i++) {
        hash = (hash ^ folded(PyUnicode_READ(kind, data, i), fold)) * 0x100000001b3ULL;
    }
    hash ^= hash >> 31;
    Py_ssize_t slot = (Py_ssize_t)(hash & (uint64_t)self->mask);
    for (;;) {
        Entry *entry = &self->entries[slot];
        if (entry->key == NULL) {
            break;
        }
        if (entry->hash == hash &&
            same_run(entry->key, kind, data, start, end - start, fold)) {
            *code = entry->value;
            return 0;
        }
        slot = (slot + 1) & self->mask;
    }
    PyObject *key =
        fold ? lowered(text, kind, data, start, end) : PyUnicode_Substring(text, start, end);
    if (key == NULL) {
        return -1;
    }
    PyObject *answer = PyObject_CallOneArg(self->miss, key);
    if (answer == NULL) {
        Py_DECREF(key);
        return -1;
    }
    long value = PyLong_AsLong(answer);
    Py_DECREF(answer);
    if (value == -1 && PyErr_Occurred()) {
        Py_DECREF(key);
        return -1;
    }
    if (value < INT32_MIN || value > INT32_MAX) {
        Py_DECREF(key);
        PyErr_SetString(PyExc_OverflowError, "a run's code must fit in 32 bits");
        return -1;
    }
    /* `miss` may have re-entered and grown the table: find the empty slot afresh. */
    if ((self->used + 1) * 2 > self->mask + 1 && grow(self) < 0) {
        Py_DECREF(key);
        return -1;
    }
    slot = (Py_ssize_t)(hash & (uint64_t)self->mask);
    while (self->entries[slot].key != NULL) {
        slot = (slot + 1) & self->mask;
    }
    self->entries[slot].hash = hash;
    self->entries[slot].key = key; /* the table keeps the reference */
    self->entries[slot].value = (int32_t)value;
    self->used++;
    *code = (int32_t)value;
    return 0;
}

static PyObject *
RunCoder_codes(RunCoder *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 3) {
        PyErr_SetString(PyExc_TypeError, "codes(text, start=0, end=None)");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    Py_ssize_t start, end;
    if (slice_bounds(args, nargs, 1, PyUnicode_GET_LENGTH(text), &start, &end) < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* A run takes at least one character and is followed by at least one other. */
    size_t room = (size_t)((end - start) / 2 + 1);
    int32_t *codes = PyMem_Malloc(room * sizeof(int32_t));
    Run *runs = PyMem_Malloc(room * sizeof(Run));
    if (codes == NULL || runs == NULL) {
        PyMem_Free(codes);
        PyMem_Free(runs);
        return PyErr_NoMemory();
    }
    Py_ssize_t count = 0;
    Py_ssize_t capitals = 0;
    Py_ssize_t i = start;
    while (i < end) {
        Py_ssize_t run_start = i;
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!is_word(c)) {
            if (!(is_currency(c) && i + 1 < end && PyUnicode_READ(kind, data, i + 1) >= '0' &&
                  PyUnicode_READ(kind, data, i + 1) <= '9')) {
                i++;
                continue;
            }
            i++; /* the currency sign; a digit follows */
        }
        i++;
        for (;;) {
            while (i < end && is_word(PyUnicode_READ(kind, data, i))) {
                i++;
            }
            /* (?:F+|F*JF*) then a word character */
            Py_ssize_t j = i;
            while (j < end && is_format(PyUnicode_READ(kind, data, j))) {
                j++;
            }
            if (j > i && j < end && is_word(PyUnicode_READ(kind, data, j))) {
                i = j + 1; /* F+ W */
                continue;
            }
            if (j < end && is_joiner(PyUnicode_READ(kind, data, j))) {
                j++;
                while (j < end && is_format(PyUnicode_READ(kind, data, j))) {
                    j++;
                }
            }
            if (j > i && j < end && is_word(PyUnicode_READ(kind, data, j))) {
                i = j + 1; /* F* J F* W */
                continue;
            }
            break;
        }
        runs[count].start = run_start;
        runs[count].end = i;
        runs[count].case_ = run_case(kind, data, run_start, i);
        capitals += runs[count].case_ == CAPITAL;
        count++;
    }
    /* Stretches of capitals (see `tokens.run_keys`): a run's case_ becomes 1 when its key is
     * lowered, 0 otherwise. */
    Py_ssize_t first = 0, in_stretch = 0;
    for (Py_ssize_t k = 0; k <= count; k++) {
        int case_ = k < count ? runs[k].case_ : LOWER;
        if (case_ == CAPITAL) {
            in_stretch++;
            continue;
        }
        if (case_ != LOWER) {
            continue;
        }
        for (Py_ssize_t m = first; m < k; m++) {
            runs[m].case_ = capitals >= SHOUTED_WORDS && in_stretch >= SHOUTED_WORDS &&
                            runs[m].case_ == CAPITAL;
        }
        if (k < count) {
            runs[k].case_ = 0;
        }
        first = k + 1;
        in_stretch = 0;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (lookup(self, text, kind, data, runs[k].start, runs[k].end, runs[k].case_,
                   &codes[k]) < 0) {
            PyMem_Free(codes);
            PyMem_Free(runs);
            return NULL;
        }
    }
    PyMem_Free(runs);
    PyObject *result = PyBytes_FromStringAndSize((const char *)codes,
                                                 (Py_ssize_t)(count * sizeof(int32_t)));
    PyMem_Free(codes);
    return result;
}

static PyMethodDef RunCoder_methods[] = {
    {"codes", (PyCFunction)(void (*)(void))RunCoder_codes, METH_FASTCALL,
     "codes(text, start=0, end=None) -> bytes: the code of each run of text[start:end], as "
     "native int32."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot RunCoder_slots[] = {
    {Py_tp_doc, "Runs of word characters -> their codes, asking `miss(run)` once per new run."},
    {Py_tp_init, RunCoder_init},
    {Py_tp_dealloc, RunCoder_dealloc},
    {Py_tp_traverse, RunCoder_traverse},
    {Py_tp_clear, RunCoder_clear},
    {Py_tp_methods, RunCoder_methods},
    {Py_mp_length, RunCoder_len},
    {Py_tp_new, PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec RunCoder_spec = {
    .name = "newsbot.indexing._runs.RunCoder",
    .basicsize = sizeof(RunCoder),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .slots = RunCoder_slots,
};

static int
runs_exec(PyObject *module)
{
    for (Py_UCS4 c = 0; c < 0x10000; c++) {
        if (slow_is_word(c)) {
            bmp_word[c >> 3] |= (uint8_t)(1u << (c & 7));
        }
    }
    PyObject *type = PyType_FromModuleAndSpec(module, &RunCoder_spec, NULL);
    if (type == NULL) {
        return -1;
    }
    if (PyModule_AddObject(module, "RunCoder", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return PyModule_AddIntConstant(module, "ABI", RUNS_ABI);
}

static PyModuleDef_Slot runs_slots[] = {
    {Py_mod_exec, runs_exec},
    {0, NULL},
};

static struct PyModuleDef runs_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "newsbot.indexing._runs",
    .m_doc = "Runs of word characters -> codes, in one pass (see run_codes.py).",
    .m_size = 0,
    .m_slots = runs_slots,
};

PyMODINIT_FUNC
PyInit__runs(void)
{
    return PyModuleDef_Init(&runs_module);
}
