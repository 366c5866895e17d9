/* The compiled half of two `newsbot.text.normalise` helpers that indexing calls for every article:
 *
 *   word_count(text, start, end)  == len(text[start:end].split())
 *   collapsed_utf8(text)          == " ".join(text.split()).encode("utf-8")
 *
 * str.split() makes a str object for every word only for them to be counted or joined again;
 * here one pass over the string's storage does it, with str.split()'s own definition of
 * whitespace (Py_UNICODE_ISSPACE). textutil.py holds the Python expressions, which are the
 * reference the tests hold these to. Bump TEXT_ABI when the interface changes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#include "_slice.h"

#define TEXT_ABI 1

static PyObject *
word_count(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "word_count(text: str, start=0, end=None)");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t start, end;
    if (slice_bounds(args, nargs, 1, PyUnicode_GET_LENGTH(text), &start, &end) < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t words = 0;
    int in_word = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        int space = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
        words += !space && !in_word;
        in_word = !space;
    }
    return PyLong_FromSsize_t(words);
}

static PyObject *
collapsed_utf8(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "collapsed_utf8(text: str)");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* UTF-8 takes at most 4 bytes a code point (lone surrogates are refused below). */
    char *out = PyMem_Malloc((size_t)length * 4 + 1);
    if (out == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t size = 0;
    int pending_space = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {
            pending_space = size > 0;
            continue;
        }
        if (pending_space) {
            out[size++] = ' ';
            pending_space = 0;
        }
        if (c < 0x80) {
            out[size++] = (char)c;
        }
        else if (c < 0x800) {
            out[size++] = (char)(0xc0 | (c >> 6));
            out[size++] = (char)(0x80 | (c & 0x3f));
        }
        else if (c >= 0xd800 && c <= 0xdfff) {
            PyMem_Free(out);
            /* The same error as str.encode("utf-8"). */
            PyObject *error = PyObject_CallFunction(PyExc_UnicodeEncodeError, "sOnns", "utf-8",
                                                    text, i, i + 1, "surrogates not allowed");
            if (error != NULL) {
                PyErr_SetObject(PyExc_UnicodeEncodeError, error);
                Py_DECREF(error);
            }
            return NULL;
        }
        else if (c < 0x10000) {
            out[size++] = (char)(0xe0 | (c >> 12));
            out[size++] = (char)(0x80 | ((c >> 6) & 0x3f));
            out[size++] = (char)(0x80 | (c & 0x3f));
        }
        else {
            out[size++] = (char)(0xf0 | (c >> 18));
            out[size++] = (char)(0x80 | ((c >> 12) & 0x3f));
            out[size++] = (char)(0x80 | ((c >> 6) & 0x3f));
            out[size++] = (char)(0x80 | (c & 0x3f));
        }
    }
    PyObject *result = PyBytes_FromStringAndSize(out, size);
    PyMem_Free(out);
    return result;
}

static PyMethodDef text_methods[] = {
    {"word_count", (PyCFunction)(void (*)(void))word_count, METH_FASTCALL,
     "word_count(text, start=0, end=None) -> len(text[start:end].split())"},
    {"collapsed_utf8", collapsed_utf8, METH_O,
     "collapsed_utf8(text) -> ' '.join(text.split()).encode('utf-8')"},
    {NULL, NULL, 0, NULL},
};

static int
text_exec(PyObject *module)
{
    return PyModule_AddIntConstant(module, "ABI", TEXT_ABI);
}

static PyModuleDef_Slot text_slots[] = {
    {Py_mod_exec, text_exec},
    {0, NULL},
};

static struct PyModuleDef text_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "newsbot.text._text",
    .m_doc = "Counting words and collapsing whitespace in one pass (see textutil.py).",
    .m_size = 0,
    .m_methods = text_methods,
    .m_slots = text_slots,
};

PyMODINIT_FUNC
PyInit__text(void)
{
    return PyModuleDef_Init(&text_module);
}
