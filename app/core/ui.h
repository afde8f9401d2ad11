/* SPDX-License-Identifier: MIT
 *
 * ui.h - the kiosk's screens as a state machine: (state, event, time) ->
 * new state, and a DrawList for the backend to paint.
 *
 * Screens: the headline attract loop (one story at a time, sliding to the
 * next every cycle), the article (scrolling with inertia, Back target, swipe
 * for next/previous), all stories by category, the empty state, the import
 * progress/result, and a diagnostics overlay. No SDL and no SQLite: content
 * arrives as UiStory handles and through the UiHost callbacks, and tests read
 * the state and the DrawList directly.
 *
 * Call order per frame (kiosk.c): ui_event() for each input, ui_tick() with
 * the clock, then, when ui_dirty(), ui_draw() and present; sleep for
 * ui_next_ms() unless input arrives first.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "draw.h"
#include "input.h"
#include "layout.h"

typedef struct Ui Ui;

/* One story of the display order, as the UI holds it: the host's handle
 * for it (the store's row id) and its category, which groups the list of
 * all stories. That is all the UI keeps per story, so its memory does not
 * grow with the text of 100,000 stored stories: the rest is asked for
 * (UiHost.get_headline) when a card or a list row is laid out. */
typedef struct UiStory {
    int64_t id;
    const char *category;   /* copied once per distinct category; NULL = "" */
} UiStory;

/* A story's headline, as UiHost.get_headline gives it. */
typedef struct UiHeadline {
    const char *id, *title, *summary, *source, *published, *category, *image;
    const char *lang;   /* the story's language ("ar"); NULL or "" = unknown */
    const char *dir;    /* "rtl" or "ltr" from the story's `dir:`; NULL or "" = from lang */
    int pin;
} UiHeadline;

/* What the UI asks of its host. Every callback may be NULL. */
typedef struct UiHost {
    void *ctx;
    /* Load article 'id' (UiHeadline.id) into *out (free with article_free).
     * K_OK or < 0: the UI then shows the headline's summary only. */
    int (*get_article)(void *ctx, const char *id, Article *out);
    /* Pixel size of image 'name' (a store image name). K_OK or < 0: the
     * story is laid out without a picture. */
    int (*image_size)(void *ctx, const char *name, int *w, int *h);
    /* Diagnostics text: lines separated by '\n', NUL-terminated, into buf. */
    void (*diagnostics)(void *ctx, char *buf, size_t size);
    /* The kiosk's status as a QR code: dark modules as 1 (else 0), row by
     * row, into modules (room for max_width * max_width). Returns the
     * width in modules, or 0 for none. Drawn beside the diagnostics. */
    int (*diagnostics_qr)(void *ctx, unsigned char *modules, int max_width);
    /* The headline of story 'id' (a UiStory's) into *out, its strings the
     * host's until the next call (the UI copies what it keeps). K_OK, or
     * < 0 when the story is gone (an import replaced it a moment ago, and
     * the new set is on its way): the card or row is then left empty. */
    int (*get_headline)(void *ctx, int64_t id, UiHeadline *out);
} UiHost;

typedef struct UiConfig {
    int width, height;          /* logical picture size (after rotation) */
    int cycle_ms;               /* headline time on screen */
    int idle_ms;                /* article or list -> headlines after */
    int transition_ms;          /* headline slide; 0 = cut */
    int diag_ms;                /* diagnostics closes after */
    int large_text, high_contrast;
    int drift_px;               /* burn-in drift amplitude */
    int night_start_min, night_end_min;  /* local minutes; -1 = no night */
    int night_blank;            /* 0 = dim at night, 1 = blank, 2 = blank (panel off) */
    int can_quit;               /* 1 (windowed): Escape on the headlines quits */
    int signed_only;            /* 1: only signed sticks import (the empty screen says so) */
    int rtl_ui;                 /* 1: the UI language is right-to-left (i18n_rtl()): the
                                   chrome mirrors (Back on the right, the status line, the
                                   list's category bars), a swipe right or the Left key goes
                                   to the next story, and chrome text ops get rtl = 1 */
} UiConfig;

enum UiScreen {
    UI_SCREEN_EMPTY = 1,
    UI_SCREEN_HEADLINES,
    UI_SCREEN_ARTICLE,
    UI_SCREEN_LIST,
    UI_SCREEN_IMPORT,
    UI_SCREEN_DIAG,
};

/* Input is core/input.h's one event type; these names are the UI's. */
enum UiEventKind {
    UI_EV_DOWN = INPUT_DOWN, UI_EV_MOVE = INPUT_MOVE, UI_EV_UP = INPUT_UP, UI_EV_KEY = INPUT_KEY
};

enum UiKey {
    UI_KEY_ENTER = INPUT_KEY_ENTER, UI_KEY_BACK = INPUT_KEY_BACK, UI_KEY_ESCAPE = INPUT_KEY_ESCAPE,
    UI_KEY_LEFT = INPUT_KEY_LEFT, UI_KEY_RIGHT = INPUT_KEY_RIGHT, UI_KEY_UP = INPUT_KEY_UP,
    UI_KEY_DOWN = INPUT_KEY_DOWN, UI_KEY_PAGEUP = INPUT_KEY_PAGEUP,
    UI_KEY_PAGEDOWN = INPUT_KEY_PAGEDOWN, UI_KEY_HOME = INPUT_KEY_HOME, UI_KEY_END = INPUT_KEY_END,
    UI_KEY_DIAG = INPUT_KEY_DIAG, UI_KEY_LIST = INPUT_KEY_LIST,
};

/* kind, x, y, key, t_ms: see input.h. Kinds other than DOWN, MOVE, UP and
 * KEY (a window closed, an expose) are the kiosk's business, not the UI's:
 * ui_event ignores them. */
typedef InputEvent UiEvent;

/* Import progress and result, shown on the import screen (live import). */
enum { UI_IMPORT_NONE = 0, UI_IMPORT_RUNNING, UI_IMPORT_DONE, UI_IMPORT_FAILED };
typedef struct UiImport {
    int state;
    int done, total;        /* articles handled so far, of total (0 = unknown) */
    char title[160];        /* "Importing from USB stick", bundle title */
    char detail[1024];      /* result lines, '\n'-separated */
} UiImport;

/* Create the UI for cfg, measuring text with m (borrowed: it must outlive the
 * Ui) and asking host for content (copied). Starts on the empty screen until
 * ui_set_stories. Returns NULL when out of memory. Free with ui_free. */
Ui *ui_new(const UiConfig *cfg, const Metrics *m, const UiHost *host);

/* Free (NULL-safe). */
void ui_free(Ui *ui);

/* Offer a new story set: v[0..n) in display order (copied; n may be 0).
 * 'updated' is the content date (ISO 8601 or YYYY-MM-DD, "" = unknown).
 * The first set shows at once; a set that begins with every story of the
 * current one (the rest of a list given in two batches) replaces it at
 * once, in place; other sets (live imports) replace the loop at its next
 * transition, or when the reader returns to the headlines, and the list of
 * all stories (and a story's next and previous) at once. Returns K_OK or
 * K_ENOMEM. */
int ui_set_stories(Ui *ui, const UiStory *v, size_t n, const char *updated);

/* How many stories the whole list holds, when a first batch is offered
 * before the rest (start-up): the position indicator says "1 / 10000" from
 * the first frame instead of changing when the rest arrives. 0 = the size
 * of the set on offer. */
void ui_set_total_hint(Ui *ui, size_t total);

/* Set the wall clock: seconds since the epoch, as local time is reckoned,
 * and utc_offset_s for it. clock_suspect = 1 when the system clock is behind
 * the content (no RTC, no network): the status line then says "news as of"
 * the content date instead of showing a time. */
void ui_set_clock(Ui *ui, int64_t wall_s, int utc_offset_s, int clock_suspect);

/* Why there is nothing to show: the empty screen's heading says so. */
enum {
    UI_EMPTY_NONE = 0,    /* nothing loaded yet: "No news loaded yet" */
    UI_EMPTY_DAMAGED,     /* the database was damaged and moved aside */
    UI_EMPTY_EXPIRED,     /* stories are stored, and every one has expired */
};
void ui_set_empty_reason(Ui *ui, int why);

/* Show (state != UI_IMPORT_NONE) or hide the import screen. */
void ui_set_import(Ui *ui, const UiImport *imp);

/* Feed one input. Returns 1 when the app should quit (windowed, Escape on
 * the headlines), else 0. */
int ui_event(Ui *ui, const UiEvent *ev);

/* Advance animations and timers to now_ms (monotonic or virtual; never goes
 * back). */
void ui_tick(Ui *ui, int64_t now_ms);

/* 1 when the picture changed since the last ui_draw. */
int ui_dirty(const Ui *ui);

/* Milliseconds from now_ms until the UI next needs ui_tick (an animation
 * frame, the next headline, the clock's next minute, ...). Never negative. */
int64_t ui_next_ms(const Ui *ui, int64_t now_ms);

/* Build the frame into dl (reset first). Text ops borrow the UI's strings
 * until the next ui_draw, ui_set_stories or ui_free. Returns K_OK or
 * K_ENOMEM (dl then holds a partial frame). */
int ui_draw(Ui *ui, DrawList *dl);

/* --- inspection, for tests and diagnostics -------------------------- */

int ui_screen(const Ui *ui);          /* UiScreen on top (DIAG and IMPORT included) */
int ui_story(const Ui *ui);           /* index of the story shown or open, -1 none */
size_t ui_story_count(const Ui *ui);  /* headlines in the current set */
int ui_animating(const Ui *ui);       /* 1 during a transition or coasting scroll */
int ui_dark(const Ui *ui);            /* 1 while night blanks the screen (no touch woke it) */
double ui_scroll(const Ui *ui);       /* scroll offset of the article or list, px */
double ui_scroll_max(const Ui *ui);   /* largest scroll offset of that view */
/* The current drift offset in pixels. */
void ui_drift(const Ui *ui, int *dx, int *dy);

#endif
