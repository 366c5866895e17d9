/* Python's slice bounds for text[start:end], shared by the compiled text helpers. */
#ifndef NEWSBOT_SLICE_H
#define NEWSBOT_SLICE_H

#include <Python.h>

/* Read the optional start and end of args[first] and args[first + 1] (None or absent: the
 * whole string) and clip them as text[start:end] would. Returns -1 with an exception set. */
static int
slice_bounds(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t first, Py_ssize_t length,
             Py_ssize_t *start, Py_ssize_t *end)
{
    *start = 0;
    *end = length;
    if (nargs > first && args[first] != Py_None) {
        *start = PyNumber_AsSsize_t(args[first], PyExc_OverflowError);
        if (*start == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    if (nargs > first + 1 && args[first + 1] != Py_None) {
        *end = PyNumber_AsSsize_t(args[first + 1], PyExc_OverflowError);
        if (*end == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    if (*start < 0) {
        *start = *start + length < 0 ? 0 : *start + length;
    }
    if (*end < 0) {
        *end = *end + length < 0 ? 0 : *end + length;
    }
    if (*start > length) {
        *start = length;
    }
    if (*end > length) {
        *end = length;
    }
    if (*end < *start) {
        *end = *start;
    }
    return 0;
}

#endif
