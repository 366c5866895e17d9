/* The compiled half of `newsbot.indexing.postings.count_terms`: term counts without sorting.
 *
 * Counting a batch with numpy takes a sort of every (document, term) pair and two more sorts
 * to group the rows by term and to find the order in which terms first appear. Term ids are
 * small dense integers, so here two linear passes do it: one over the tokens, which counts
 * each document's terms in a table indexed by term id, and a counting sort of the rows by term
 * (stable, so documents stay in order within a term).
 *
 * The numpy path in postings.py is the reference; tests hold the two to the same output.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define COUNT_ABI 1

static int
get_buffer(PyObject *object, Py_buffer *view, Py_ssize_t itemsize, const char *what)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        return -1;
    }
    if (view->itemsize != itemsize) {
        PyErr_Format(PyExc_TypeError, "%s must hold %zd-byte integers", what, itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* count(ids, lengths) -> (docs, terms, tfs, first_index, first_seen)
 *
 * ids: int32 term ids of all documents, concatenated; lengths: int64 tokens per document.
 * Returns bytearrays of native integers: one row per (document, term), grouped by term and in
 * document order within a term (docs int32, terms int32, tfs uint32, first_index int64: where
 * the row's term first occurs in `ids`), and the distinct terms in order of first occurrence
 * (first_seen int32).
 */
static PyObject *
count(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "count(ids, lengths)");
        return NULL;
    }
    Py_buffer ids_view, lengths_view;
    if (get_buffer(args[0], &ids_view, 4, "ids") < 0) {
        return NULL;
    }
    if (get_buffer(args[1], &lengths_view, 8, "lengths") < 0) {
        PyBuffer_Release(&ids_view);
        return NULL;
    }
    const int32_t *ids = ids_view.buf;
    const int64_t *lengths = lengths_view.buf;
    Py_ssize_t tokens = ids_view.len / 4;
    Py_ssize_t documents = lengths_view.len / 8;
    PyObject *result = NULL;
    int64_t *term_rows = NULL, *row_first = NULL;
    int32_t *last_doc = NULL, *row_of = NULL, *row_term = NULL, *row_doc = NULL;
    uint32_t *row_tf = NULL;
    PyObject *out_docs = NULL, *out_terms = NULL, *out_tfs = NULL, *out_first = NULL;
    PyObject *out_seen = NULL;

    int64_t total = 0;
    for (Py_ssize_t d = 0; d < documents; d++) {
        if (lengths[d] < 0) {
            PyErr_SetString(PyExc_ValueError, "document lengths must not be negative");
            goto done;
        }
        total += lengths[d];
    }
    if (total != tokens) {
        PyErr_SetString(PyExc_ValueError, "document lengths must add up to the number of ids");
        goto done;
    }
    int32_t vocabulary = 0;
    for (Py_ssize_t k = 0; k < tokens; k++) {
        if (ids[k] < 0) {
            PyErr_SetString(PyExc_ValueError, "term ids must not be negative");
            goto done;
        }
        if (ids[k] >= vocabulary) {
            vocabulary = ids[k] + 1;
        }
    }
    size_t v = (size_t)vocabulary + 1, n = (size_t)tokens + 1;
    term_rows = PyMem_Calloc(v, sizeof(int64_t));
    last_doc = PyMem_Malloc(v * sizeof(int32_t));
    row_of = PyMem_Malloc(v * sizeof(int32_t));
    row_term = PyMem_Malloc(n * sizeof(int32_t));
    row_doc = PyMem_Malloc(n * sizeof(int32_t));
    row_tf = PyMem_Malloc(n * sizeof(uint32_t));
    row_first = PyMem_Malloc(n * sizeof(int64_t));
    out_seen = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(v * sizeof(int32_t)));
    if (!term_rows || !last_doc || !row_of || !row_term || !row_doc || !row_tf || !row_first) {
        PyErr_NoMemory();
        goto done;
    }
    if (out_seen == NULL) {
        goto done;
    }
    memset(last_doc, 0xff, v * sizeof(int32_t)); /* -1: in no document yet */
    int32_t *seen = (int32_t *)PyByteArray_AS_STRING(out_seen);
    Py_ssize_t distinct = 0, rows = 0, k = 0;
    /* Pass 1: the rows, document by document, each term's row counting its occurrences. */
    for (Py_ssize_t d = 0; d < documents; d++) {
        for (int64_t end = k + lengths[d]; k < end; k++) {
            int32_t term = ids[k];
            if (last_doc[term] == (int32_t)d) {
                row_tf[row_of[term]]++;
                continue;
            }
            if (term_rows[term] == 0) {
                seen[distinct++] = term;
            }
            last_doc[term] = (int32_t)d;
            row_of[term] = (int32_t)rows;
            row_term[rows] = term;
            row_doc[rows] = (int32_t)d;
            row_tf[rows] = 1;
            row_first[rows] = k;
            term_rows[term]++;
            rows++;
        }
    }
    if (PyByteArray_Resize(out_seen, (Py_ssize_t)(distinct * sizeof(int32_t))) < 0) {
        goto done;
    }
    /* Pass 2: a stable counting sort of the rows by term. */
    int64_t start = 0;
    for (int32_t t = 0; t < vocabulary; t++) {
        int64_t size = term_rows[t];
        term_rows[t] = start;
        start += size;
    }
    out_docs = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(rows * sizeof(int32_t)));
    out_terms = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(rows * sizeof(int32_t)));
    out_tfs = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(rows * sizeof(uint32_t)));
    out_first = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(rows * sizeof(int64_t)));
    if (!out_docs || !out_terms || !out_tfs || !out_first) {
        goto done;
    }
    int32_t *docs = (int32_t *)PyByteArray_AS_STRING(out_docs);
    int32_t *terms = (int32_t *)PyByteArray_AS_STRING(out_terms);
    uint32_t *tfs = (uint32_t *)PyByteArray_AS_STRING(out_tfs);
    int64_t *first = (int64_t *)PyByteArray_AS_STRING(out_first);
    for (Py_ssize_t r = 0; r < rows; r++) {
        int64_t at = term_rows[row_term[r]]++;
        docs[at] = row_doc[r];
        terms[at] = row_term[r];
        tfs[at] = row_tf[r];
        first[at] = row_first[r];
    }
    result = PyTuple_Pack(5, out_docs, out_terms, out_tfs, out_first, out_seen);
done:
    Py_XDECREF(out_docs);
    Py_XDECREF(out_terms);
    Py_XDECREF(out_tfs);
    Py_XDECREF(out_first);
    Py_XDECREF(out_seen);
    PyMem_Free(term_rows);
    PyMem_Free(last_doc);
    PyMem_Free(row_of);
    PyMem_Free(row_term);
    PyMem_Free(row_doc);
    PyMem_Free(row_tf);
    PyMem_Free(row_first);
    PyBuffer_Release(&ids_view);
    PyBuffer_Release(&lengths_view);
    return result;
}

static PyMethodDef count_methods[] = {
    {"count", (PyCFunction)(void (*)(void))count, METH_FASTCALL,
     "count(ids, lengths) -> (docs, terms, tfs, first_index, first_seen), as bytearrays."},
    {NULL, NULL, 0, NULL},
};

static int
count_exec(PyObject *module)
{
    return PyModule_AddIntConstant(module, "ABI", COUNT_ABI);
}

static PyModuleDef_Slot count_slots[] = {
    {Py_mod_exec, count_exec},
    {0, NULL},
};

static struct PyModuleDef count_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "newsbot.indexing._count",
    .m_doc = "Counting a batch's terms in two linear passes (see postings.count_terms).",
    .m_size = 0,
    .m_methods = count_methods,
    .m_slots = count_slots,
};

PyMODINIT_FUNC
PyInit__count(void)
{
    return PyModuleDef_Init(&count_module);
}
