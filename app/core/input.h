/* SPDX-License-Identifier: MIT
 *
 * input.h - one input event, from the platform to the screen model: a
 * finger or pointer going down, moving, lifting, a key, the window closed,
 * the picture to be shown again. Backends (app/plat) fill it, the kiosk
 * stamps the time, the UI (ui.h) reads it: no copying field by field, and
 * no backend sees the UI's headers. libc only.
 */
#ifndef KIOSK_INPUT_H
#define KIOSK_INPUT_H

#include <stdint.h>

enum InputKind {
    INPUT_DOWN = 1,   /* x, y: a finger or the left button went down */
    INPUT_MOVE,       /* x, y: while down */
    INPUT_UP,         /* x, y */
    INPUT_KEY,        /* key: an InputKey */
    INPUT_QUIT,       /* the window closed (windowed only), SIGINT or SIGTERM */
    INPUT_EXPOSE,     /* the window needs its last frame again */
};

enum InputKey {
    INPUT_KEY_ENTER = 1, INPUT_KEY_BACK, INPUT_KEY_ESCAPE, INPUT_KEY_LEFT, INPUT_KEY_RIGHT,
    INPUT_KEY_UP, INPUT_KEY_DOWN, INPUT_KEY_PAGEUP, INPUT_KEY_PAGEDOWN, INPUT_KEY_HOME,
    INPUT_KEY_END, INPUT_KEY_DIAG, INPUT_KEY_LIST,
};

typedef struct InputEvent {
    int kind;         /* InputKind */
    int x, y;         /* logical pixels (after rotation), for DOWN/MOVE/UP */
    int key;          /* InputKey, for INPUT_KEY */
    int64_t t_ms;     /* monotonic (or virtual) time; the kiosk stamps it */
} InputEvent;

#endif
