/* SPDX-License-Identifier: MIT
 * ui_test.c - the screen state machine and its DrawList (app/core/ui.c and
 * the screen files behind it: scr_*.c, overlays.c),
 * driven with a fixed-width fake font and made-up times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/ui.h"
#include "fake_metrics.h"

static int articles_loaded;

static int
host_article(void *ctx, const char *id, Article *out)
{
    char body[8192] = "";
    (void)ctx;
    articles_loaded++;
    if (strcmp(id, "missing") == 0)
        return K_ENOTFOUND;
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 30; i++) {
        char para[256];
        snprintf(para, sizeof para, "%sParagraph %d of %s: words words words words words words "
                 "words words words words words words words.", i ? "\n\n" : "", i, id);
        strcat(body, para);
    }
    out->id = strdup(id);
    out->title = strdup(id);
    out->summary = strdup("A summary.");
    out->body = strdup(body);
    out->source = strdup("Test Source");
    out->url = strdup("");
    out->image = strdup("");
    out->lang = strdup("en");
    out->category = strdup("Local");
    out->published = strdup("2025-01-10");
    out->expires = strdup("");
    return K_OK;
}

static int
host_image(void *ctx, const char *name, int *w, int *h)
{
    (void)ctx;
    if (strcmp(name, "images/x.png") != 0)
        return K_ENOTFOUND;
    *w = 400;
    *h = 300;
    return K_OK;
}

static void
host_diag(void *ctx, char *buf, size_t size)
{
    (void)ctx;
    snprintf(buf, size, "Bundle: test-bundle\nArticles: 3\n");
}

/* The test host serves headlines from the arrays the tests hand over
 * (set_headlines): a story's handle is its array's number << 36 | index,
 * so that every array but the first has handles over 32 bits (the UI keeps
 * them in two halves then). */
static const UiHeadline *tables[16];
static size_t ntables;
static int headlines_loaded;

static int
host_headline(void *ctx, int64_t id, UiHeadline *out)
{
    size_t t = (size_t)(id >> 36), i = (size_t)(id & 0xfffff);
    (void)ctx;
    headlines_loaded++;
    if (t >= ntables)
        return K_ENOTFOUND;
    *out = tables[t][i];
    return K_OK;
}

static const UiHost host = {NULL, host_article, host_image, host_diag, NULL, host_headline};

/* Offer h[0..n) to the UI as the kiosk does: handles and categories. */
static int
set_headlines(Ui *ui, const UiHeadline *h, size_t n, const char *updated)
{
    UiStory v[64];
    size_t t = 0;

    assert_true(n <= 64);
    while (t < ntables && tables[t] != h)
        t++;
    if (t == ntables) {
        assert_true(ntables < 16);
        tables[ntables++] = h;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = (UiStory){(int64_t)t << 36 | (int64_t)i, h[i].category};
    return ui_set_stories(ui, v, n, updated);
}

static UiHeadline stories[] = {
    {"a", "Town library opens a reading room for newcomers",
     "The room offers newspapers in six languages.", "Gazette", "2025-01-10", "Local", "", "en", "", 0},
    {"b", "Новостной киоск работает без интернета", "Статьи приносят на флешке.", "Киоск",
     "2025-01-09", "Новости", "images/x.png", "ru", "", 0},
    {"c", "인터넷 없이 작동하는 뉴스 키오스크", "기사는 USB 메모리로 들어옵니다.", "뉴스",
     "2025-01-08", "Local", "", "ko", "", 0},
};
#define NSTORIES 3

static UiConfig
config(int w, int h)
{
    UiConfig c = {0};
    c.width = w;
    c.height = h;
    c.cycle_ms = 8000;
    c.idle_ms = 90000;
    c.transition_ms = 400;
    c.diag_ms = 30000;
    c.drift_px = 4;
    c.night_start_min = -1;
    c.night_end_min = -1;
    c.can_quit = 1;
    return c;
}

static Ui *
make(int w, int h, size_t n)
{
    UiConfig c = config(w, h);
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    assert_non_null(ui);
    ui_set_clock(ui, 1736503200, 0, 0);  /* 2025-01-10 10:00 UTC */
    assert_int_equal(set_headlines(ui, stories, n, "2025-01-10T06:00:00Z"), K_OK);
    ui_tick(ui, 0);
    return ui;
}

/* make() with the UI language lang (its catalogue from the build tree's
 * locale/, found beside this binary), mirrored when it is right-to-left. */
static Ui *
make_lang(const char *lang, int w, int h, size_t n)
{
    int rc = i18n_init(lang, NULL);
    if (rc != K_OK)
        fail_msg("i18n_init(\"%s\"): expected K_OK, got %d (is build/<dir>/locale built?)", lang,
                 rc);
    UiConfig c = config(w, h);
    c.rtl_ui = i18n_rtl();
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    assert_non_null(ui);
    ui_set_clock(ui, 1736503200, 0, 0);  /* Fri 2025-01-10 10:00 UTC */
    assert_int_equal(set_headlines(ui, stories, n, "2025-01-10T06:00:00Z"), K_OK);
    ui_tick(ui, 0);
    return ui;
}

/* Back to English after a test that changed the UI language. */
static int
english(void **state)
{
    (void)state;
    assert_int_equal(i18n_init("en", NULL), K_OK);
    return 0;
}

static int
tap(Ui *ui, int x, int y, int64_t t)
{
    UiEvent e = {UI_EV_DOWN, x, y, 0, t};
    int q = ui_event(ui, &e);
    e.kind = UI_EV_UP;
    e.t_ms = t + 50;
    q |= ui_event(ui, &e);
    ui_tick(ui, t + 50);
    return q;
}

static int
key(Ui *ui, int k, int64_t t)
{
    UiEvent e = {UI_EV_KEY, 0, 0, k, t};
    int q = ui_event(ui, &e);
    ui_tick(ui, t);
    return q;
}

static void
drag(Ui *ui, int x1, int y1, int x2, int y2, int64_t t, int ms)
{
    UiEvent e = {UI_EV_DOWN, x1, y1, 0, t};
    ui_event(ui, &e);
    for (int i = 1; i <= ms / 20; i++) {
        e.kind = i == ms / 20 ? UI_EV_UP : UI_EV_MOVE;
        e.x = x1 + (x2 - x1) * i / (ms / 20);
        e.y = y1 + (y2 - y1) * i / (ms / 20);
        e.t_ms = t + i * 20;
        ui_event(ui, &e);
        ui_tick(ui, e.t_ms);
    }
}

/* The text of the frame's text ops, one per line, into buf. */
static const char *
frame_text(Ui *ui, DrawList *dl, char *buf, size_t size)
{
    size_t n = 0;
    assert_int_equal(ui_draw(ui, dl), K_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < dl->n; i++)
        if (dl->ops[i].kind == DRAW_TEXT && n + dl->ops[i].len + 2 < size) {
            memcpy(buf + n, dl->ops[i].text, dl->ops[i].len);
            n += dl->ops[i].len;
            buf[n++] = '\n';
            buf[n] = '\0';
        }
    return buf;
}

static int
has_text(Ui *ui, const char *needle)
{
    static char buf[65536];
    DrawList dl = {0};
    int found = strstr(frame_text(ui, &dl, buf, sizeof buf), needle) != NULL;
    drawlist_free(&dl);
    return found;
}

static void
headlines_show_the_first_story_with_chrome(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_int_equal(ui_story(ui), 0);
    assert_true(ui_dirty(ui));
    assert_true(has_text(ui, "Town library"));
    assert_true(has_text(ui, "Local"));           /* category label */
    assert_true(has_text(ui, "Gazette"));         /* source and date */
    assert_true(has_text(ui, "10 Jan 2025"));
    assert_true(has_text(ui, "10:00"));           /* the clock */
    assert_true(has_text(ui, "content updated 10 Jan 2025"));
    assert_true(has_text(ui, "All stories"));
    assert_false(ui_dirty(ui));
    /* position dots: one per story */
    DrawList dl = {0};
    ui_draw(ui, &dl);
    int dots = 0;
    for (size_t i = 0; i < dl.n; i++)
        dots += dl.ops[i].kind == DRAW_DOT;
    assert_int_equal(dots, NSTORIES);
    drawlist_free(&dl);
    assert_int_equal(articles_loaded, 0); /* no bodies are read for the headlines */
    ui_free(ui);
}

static void
headlines_advance_after_the_cycle_with_a_transition(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    assert_int_equal(ui_next_ms(ui, 0), 8000);
    ui_tick(ui, 7999);
    assert_int_equal(ui_story(ui), 0);
    assert_false(ui_animating(ui));
    ui_tick(ui, 8000);
    assert_int_equal(ui_story(ui), 1);
    assert_true(ui_animating(ui));
    assert_int_equal(ui_next_ms(ui, 8000), 33);  /* a slide: 30 frames a second */
    /* early in the slide: both stories on screen */
    ui_tick(ui, 8050);
    assert_true(has_text(ui, "Town library"));
    assert_true(has_text(ui, "Новостной"));
    ui_tick(ui, 8400);
    assert_false(ui_animating(ui));
    assert_false(has_text(ui, "Town library"));
    assert_true(has_text(ui, "Новостной"));
    /* wraps around after the last story */
    ui_tick(ui, 8400 + 8000);
    ui_tick(ui, 8400 + 8000 + 400);
    ui_tick(ui, 8400 + 16400);
    ui_tick(ui, 8400 + 16800);
    assert_int_equal(ui_story(ui), 0);
    ui_free(ui);
}

static void
idle_headlines_sleep_until_the_next_deadline(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, 1);  /* one story: nothing to cycle */
    int64_t n = ui_next_ms(ui, 0);
    /* only the status clock's next minute wakes it: no busy loop */
    assert_int_equal(n, 60000);
    ui_tick(ui, 20000);
    assert_false(ui_animating(ui));
    ui_free(ui);
}

static void
tap_opens_the_article_and_back_returns(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    assert_int_equal(tap(ui, 400, 240, 1000), 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 0);
    assert_int_equal(articles_loaded, 1);
    assert_true(has_text(ui, "Back"));
    assert_true(has_text(ui, "Paragraph 0 of a"));
    assert_true(has_text(ui, "1 / 3"));
    assert_true(ui_scroll_max(ui) > 0);
    /* the Back target is large, top left */
    tap(ui, 20, 20, 2000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_int_equal(ui_story(ui), 0);
    /* the loop restarts its cycle from there */
    assert_int_equal(ui_next_ms(ui, 2050), 8000);
    ui_free(ui);
}

static int
has_fill(Ui *ui, Color c)
{
    DrawList dl = {0};
    int found = 0;
    ui_draw(ui, &dl);
    for (size_t i = 0; i < dl.n; i++)
        found |= dl.ops[i].kind == DRAW_FILL && dl.ops[i].color == c;
    drawlist_free(&dl);
    return found;
}

static void
buttons_light_up_under_the_finger(void **state)
{
    const Color pressed = 0xFF313B49;
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    UiEvent e = {UI_EV_DOWN, 760, 30, 0, 100};  /* on All stories */
    ui_event(ui, &e);
    assert_true(ui_dirty(ui));
    assert_true(has_fill(ui, pressed));
    e.kind = UI_EV_MOVE;
    e.x = 600;  /* dragged away: no longer a press */
    e.t_ms = 150;
    ui_event(ui, &e);
    assert_false(has_fill(ui, pressed));
    e.kind = UI_EV_UP;
    e.t_ms = 200;
    ui_event(ui, &e);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    tap(ui, 400, 240, 1000);
    e = (UiEvent){UI_EV_DOWN, 30, 30, 0, 2000};  /* on Back */
    ui_event(ui, &e);
    assert_true(has_fill(ui, pressed));
    e.kind = UI_EV_UP;
    e.t_ms = 2050;
    ui_event(ui, &e);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_false(has_fill(ui, pressed));
    ui_free(ui);
}

static void
keyboard_works_everywhere(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    key(ui, UI_KEY_RIGHT, 100);
    assert_int_equal(ui_story(ui), 1);
    key(ui, UI_KEY_LEFT, 700);
    assert_int_equal(ui_story(ui), 0);
    key(ui, UI_KEY_ENTER, 1400);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    key(ui, UI_KEY_DOWN, 1500);
    assert_true(ui_scroll(ui) > 0);
    key(ui, UI_KEY_END, 1600);
    assert_true(ui_scroll(ui) == ui_scroll_max(ui));
    key(ui, UI_KEY_HOME, 1700);
    assert_true(ui_scroll(ui) == 0);
    key(ui, UI_KEY_RIGHT, 1800);
    assert_int_equal(ui_story(ui), 1);
    key(ui, UI_KEY_BACK, 1900);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    key(ui, UI_KEY_DOWN, 2000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    key(ui, UI_KEY_DOWN, 2100);
    key(ui, UI_KEY_DOWN, 2200);
    key(ui, UI_KEY_ENTER, 2300);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    key(ui, UI_KEY_ESCAPE, 2400);  /* back to the list it came from */
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    assert_int_equal(key(ui, UI_KEY_ESCAPE, 2500), 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_int_equal(key(ui, UI_KEY_ESCAPE, 2600), 1); /* windowed: quit */
    ui_free(ui);
}

static void
fullscreen_escape_never_quits(void **state)
{
    (void)state;
    UiConfig c = config(800, 480);
    c.can_quit = 0;
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    set_headlines(ui, stories, NSTORIES, "");
    ui_tick(ui, 0);
    for (int k = UI_KEY_ENTER; k <= UI_KEY_LIST; k++)
        for (int i = 0; i < 4; i++)
            assert_int_equal(key(ui, k, 100 * (k * 4 + i)), 0);
    ui_free(ui);
    /* nor on the empty screen */
    ui = ui_new(&c, &fake_metrics, &host);
    ui_tick(ui, 0);
    assert_int_equal(key(ui, UI_KEY_ESCAPE, 10), 0);
    ui_free(ui);
}

static void
swipes_change_the_story(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    drag(ui, 600, 240, 100, 240, 1000, 300);
    assert_int_equal(ui_story(ui), 1);
    ui_tick(ui, 2000);
    drag(ui, 100, 240, 600, 240, 3000, 300);
    assert_int_equal(ui_story(ui), 0);
    ui_tick(ui, 4000);
    drag(ui, 100, 240, 600, 240, 5000, 300);  /* backwards wraps to the last */
    assert_int_equal(ui_story(ui), 2);
    ui_tick(ui, 6000);
    /* in the article too, staying in the article */
    tap(ui, 400, 240, 7000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    drag(ui, 600, 240, 100, 240, 8000, 300);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 0);
    assert_true(has_text(ui, "Paragraph 0 of a"));
    ui_free(ui);
}

static void
a_dragged_story_follows_the_finger(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    UiEvent e = {UI_EV_DOWN, 600, 240, 0, 1000};
    ui_event(ui, &e);
    for (int i = 1; i <= 10; i++) {  /* 100 px to the left, slowly: short of a swipe */
        e.kind = UI_EV_MOVE;
        e.x = 600 - i * 10;
        e.t_ms = 1000 + i * 100;
        ui_event(ui, &e);
        ui_tick(ui, e.t_ms);
    }
    /* both the story and the next one are on screen, nothing animates */
    assert_true(has_text(ui, "Town library"));
    assert_true(has_text(ui, "Новостной"));
    assert_false(ui_animating(ui));
    assert_int_equal(ui_story(ui), 0);
    /* held still, then let go: not a swipe, it slides back */
    e.kind = UI_EV_UP;
    e.t_ms = 2500;
    ui_event(ui, &e);
    assert_int_equal(ui_story(ui), 0);
    assert_true(ui_animating(ui));
    ui_tick(ui, 2520);
    assert_true(has_text(ui, "Новостной"));
    ui_tick(ui, 2700);
    assert_false(ui_animating(ui));
    assert_false(has_text(ui, "Новостной"));
    /* a real swipe carries on from where the finger left it */
    drag(ui, 700, 240, 100, 240, 5000, 300);
    assert_int_equal(ui_story(ui), 1);
    assert_true(ui_animating(ui));
    DrawList dl = {0};
    ui_draw(ui, &dl);  /* first frame of the slide: the new story is well in */
    int min_x = 10000;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_TEXT && dl.ops[i].len >= 6 &&
            memcmp(dl.ops[i].text, "Новос", 6) == 0 && dl.ops[i].rect.x < min_x)
            min_x = dl.ops[i].rect.x;
    drawlist_free(&dl);
    if (min_x > 400)
        fail_msg("expected the next story past the middle, it is at x=%d", min_x);
    ui_free(ui);
}

static void
article_scrolls_with_drag_and_inertia_within_bounds(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    tap(ui, 400, 240, 0);
    drag(ui, 400, 400, 400, 200, 1000, 100);  /* fast upward flick */
    double after_drag = ui_scroll(ui);
    assert_true(after_drag >= 150);
    assert_true(ui_animating(ui));
    int64_t t = 1100;
    while (ui_animating(ui) && t < 10000) {
        ui_tick(ui, t);
        t += 16;
    }
    assert_true(ui_scroll(ui) > after_drag + 100);  /* it coasted */
    assert_false(ui_animating(ui));
    assert_true(ui_scroll(ui) <= ui_scroll_max(ui));
    /* a scroll bar is drawn: a thin fill at the right edge */
    DrawList dl = {0};
    ui_draw(ui, &dl);
    int bar = 0;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_FILL && dl.ops[i].rect.x > 760 && dl.ops[i].rect.w < 20)
            bar++;
    assert_true(bar >= 2);  /* track and thumb */
    drawlist_free(&dl);
    /* dragging far down stops at the top */
    for (int k = 0; k < 8; k++)
        drag(ui, 400, 100, 400, 470, t + 1000 + k * 3000, 2000);
    for (int i = 0; i < 300; i++)
        ui_tick(ui, t + 30000 + i * 16);
    assert_true(ui_scroll(ui) == 0);
    /* a vertical drag is no swipe */
    assert_int_equal(ui_story(ui), 0);
    ui_free(ui);
}

static void
article_returns_to_headlines_when_idle(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    tap(ui, 400, 240, 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_true(ui_next_ms(ui, 50) <= 90000);
    ui_tick(ui, 60000);
    ui_tick(ui, 90049);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    ui_tick(ui, 90050);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    ui_free(ui);
}

static void
list_groups_by_category_and_opens_stories(void **state)
{
    static char buf[65536];
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    /* the All stories button, top right */
    tap(ui, 760, 30, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    DrawList dl = {0};
    frame_text(ui, &dl, buf, sizeof buf);
    drawlist_free(&dl);
    /* "Local" holds a and c, then "Новости" holds b */
    const char *local = strstr(buf, "Local\n");
    const char *a = strstr(buf, "Town library");
    const char *c = strstr(buf, "인터넷");
    const char *news = strstr(buf, "Новости\n");
    const char *b = strstr(buf, "Новостной");
    assert_non_null(local);
    assert_non_null(news);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_true(local < a && a < c && c < news && news < b);
    assert_true(strstr(buf, "3 stories") != NULL);
    /* touch the row of story c: find its y from the draw list */
    ui_draw(ui, &dl);
    int y = -1;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_TEXT && dl.ops[i].len >= 9 &&
            memcmp(dl.ops[i].text, "인터넷", 9) == 0)
            y = dl.ops[i].rect.y + 2;
    drawlist_free(&dl);
    assert_true(y > 0);
    tap(ui, 300, y, 200);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 2);
    tap(ui, 20, 20, 300);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    ui_free(ui);
}

static void
empty_content_shows_instructions_never_black(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_EMPTY);
    assert_int_equal(ui_story(ui), -1);
    assert_true(has_text(ui, "No news loaded yet"));
    assert_true(has_text(ui, "USB stick"));
    tap(ui, 400, 240, 10);   /* nothing to open */
    assert_int_equal(ui_screen(ui), UI_SCREEN_EMPTY);
    /* content arriving replaces the empty screen at once */
    set_headlines(ui, stories, NSTORIES, "");
    ui_tick(ui, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_true(has_text(ui, "Town library"));
    ui_free(ui);
}

static void
empty_screen_says_when_only_signed_sticks_import(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, 0);
    assert_false(has_text(ui, "signed"));
    ui_free(ui);
    UiConfig c = config(800, 480);
    c.signed_only = 1;
    ui = ui_new(&c, &fake_metrics, &host);
    assert_non_null(ui);
    set_headlines(ui, stories, 0, "");
    ui_tick(ui, 0);
    assert_true(has_text(ui, "signed sticks"));
    ui_free(ui);
}

static void
first_batch_shows_the_whole_count_from_the_first_frame(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, 3);
    ui_set_total_hint(ui, 10000);
    ui_tick(ui, 10);
    assert_true(has_text(ui, "1 / 10000"));
    ui_set_total_hint(ui, 0);   /* the whole list arrived */
    ui_tick(ui, 20);
    assert_false(has_text(ui, "1 / 10000"));
    ui_free(ui);
}

static void
live_update_switches_at_the_next_transition(void **state)
{
    UiHeadline fresh[] = {{"z", "Fresh news from the stick", "New.", "", "", "", "", "", "", 0},
                          {"y", "Second fresh story", "", "", "", "", "", "", "", 0}};
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    ui_tick(ui, 3000);
    assert_int_equal(set_headlines(ui, fresh, 2, "2025-02-01"), K_OK);
    ui_tick(ui, 3100);
    assert_true(has_text(ui, "Town library"));  /* not yet: no jump mid-read */
    assert_int_equal(ui_story_count(ui), NSTORIES);
    ui_tick(ui, 8000);
    assert_int_equal(ui_story_count(ui), 2);
    assert_int_equal(ui_story(ui), 0);
    ui_tick(ui, 8050);
    assert_true(has_text(ui, "Fresh news"));
    assert_true(has_text(ui, "Town library")); /* the old card slides out */
    ui_tick(ui, 8400);
    assert_false(has_text(ui, "Town library"));
    assert_true(has_text(ui, "content updated 1 Feb 2025"));
    /* while reading, the update waits for the return to the headlines */
    tap(ui, 400, 240, 9000);
    assert_int_equal(set_headlines(ui, stories, 1, ""), K_OK);
    ui_tick(ui, 20000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_true(has_text(ui, "Paragraph 0 of z"));
    tap(ui, 20, 20, 21000);
    assert_int_equal(ui_story_count(ui), 1);
    assert_true(has_text(ui, "Town library"));
    /* and content going away shows the empty screen */
    assert_int_equal(set_headlines(ui, NULL, 0, ""), K_OK);
    ui_tick(ui, 30000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_EMPTY);
    ui_free(ui);
}

static void
the_rest_of_a_list_extends_the_loop_in_place(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, 2);  /* a first batch of two */
    key(ui, UI_KEY_RIGHT, 100);
    ui_tick(ui, 600);
    assert_int_equal(ui_story(ui), 1);
    assert_int_equal(set_headlines(ui, stories, NSTORIES, "2025-01-10T06:00:00Z"), K_OK);
    assert_int_equal(ui_story_count(ui), NSTORIES);   /* at once, no transition */
    assert_int_equal(ui_story(ui), 1);
    assert_false(ui_animating(ui));
    assert_true(has_text(ui, "Новостной"));
    ui_free(ui);
}

static void
missing_article_body_still_shows_the_headline(void **state)
{
    UiHeadline h[] = {{"missing", "Only a headline", "And its summary.", "", "", "", "", "", "", 0}};
    (void)state;
    UiConfig c = config(800, 480);
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    set_headlines(ui, h, 1, "");
    ui_tick(ui, 0);
    tap(ui, 400, 240, 10);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_true(has_text(ui, "Only a headline"));
    assert_true(has_text(ui, "And its summary."));
    ui_free(ui);
}

static void
diagnostics_open_by_f1_or_corner_long_press_and_close_by_themselves(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    key(ui, UI_KEY_DIAG, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_DIAG);
    assert_true(has_text(ui, "Diagnostics"));
    assert_true(has_text(ui, "test-bundle"));
    /* nothing cycles behind it; it closes at its time */
    for (int64_t t = 100; t < 30100;) {
        int64_t n = ui_next_ms(ui, t);
        assert_true(n > 0);
        t += n < 30100 - t ? n : 30100 - t;
        ui_tick(ui, t);
        if (t < 30100)
            assert_int_equal(ui_screen(ui), UI_SCREEN_DIAG);
    }
    assert_int_equal(ui_story(ui), 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    /* a long press in the middle is nothing; in a corner it opens them */
    UiEvent e = {UI_EV_DOWN, 400, 240, 0, 40000};
    ui_event(ui, &e);
    ui_tick(ui, 41000);
    e.kind = UI_EV_UP;
    e.t_ms = 41000;
    ui_event(ui, &e);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    e = (UiEvent){UI_EV_DOWN, 795, 475, 0, 50000};
    ui_event(ui, &e);
    ui_tick(ui, 51000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_DIAG);
    e.kind = UI_EV_UP;
    e.t_ms = 51100;
    ui_event(ui, &e);
    assert_int_equal(ui_screen(ui), UI_SCREEN_DIAG);  /* the release does not close it */
    tap(ui, 400, 240, 52000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    ui_free(ui);
}

static void
wrong_clock_says_news_as_of(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    ui_set_clock(ui, 1736503200, 0, 1);
    assert_true(has_text(ui, "news as of 10 Jan 2025"));
    assert_false(has_text(ui, "10:00"));
    ui_free(ui);
}

static void
night_dims_or_blanks_and_a_touch_wakes(void **state)
{
    (void)state;
    UiConfig c = config(800, 480);
    c.night_start_min = 22 * 60;
    c.night_end_min = 6 * 60;
    c.night_blank = 1;
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    set_headlines(ui, stories, NSTORIES, "");
    ui_set_clock(ui, 1736503200 - 8 * 3600, 0, 0);  /* 02:00 */
    ui_tick(ui, 0);
    DrawList dl = {0};
    ui_draw(ui, &dl);
    assert_int_equal(dl.n, 1);   /* one black fill */
    assert_int_equal(dl.ops[0].color, 0xFF000000);
    assert_int_equal(ui_next_ms(ui, 0), 60000);  /* no cycling at night */
    tap(ui, 400, 240, 1000);      /* wakes, does not open */
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    ui_draw(ui, &dl);
    assert_true(dl.n > 5);
    tap(ui, 400, 240, 2000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    ui_set_clock(ui, 1736503200, 0, 0);  /* 10:00: day */
    ui_tick(ui, 3000);
    ui_draw(ui, &dl);
    assert_true(dl.n > 5);
    drawlist_free(&dl);
    ui_free(ui);
}

static void
layout_drifts_a_few_pixels_over_time(void **state)
{
    int seen_x = 0, seen_y = 0;
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    for (int m = 0; m < 200; m++) {
        int dx, dy;
        ui_set_clock(ui, 1736503200 + m * 60, 0, 0);
        ui_drift(ui, &dx, &dy);
        assert_true(dx >= -4 && dx <= 4 && dy >= -4 && dy <= 4);
        seen_x |= dx != 0;
        seen_y |= dy != 0;
    }
    assert_true(seen_x && seen_y);
    ui_free(ui);
}

/* Every text op of a frame lies inside the picture (clip regions aside). */
static void
check_inside(Ui *ui, int w, int h, const char *what)
{
    DrawList dl = {0};
    int clip_top = 0;
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    for (size_t i = 0; i < dl.n; i++) {
        const DrawOp *op = &dl.ops[i];
        if (op->kind == DRAW_CLIP)
            clip_top = op->rect.w ? op->rect.y : 0;
        if (op->kind != DRAW_TEXT)
            continue;
        const Rect r = op->rect;
        int clipped = clip_top > 0;  /* scrolling text may pass the view's edges */
        if (r.x < 0 || r.x + r.w > w || (!clipped && (r.y < 0 || r.y + r.h > h)))
            fail_msg("%dx%d %s: text \"%.*s\" at %d,%d %dx%d leaves the screen", w, h, what,
                     (int)op->len, op->text, r.x, r.y, r.w, r.h);
    }
    drawlist_free(&dl);
}

/* Every screen at every size: no text leaves the picture. With rtl = 1,
 * the mirrored chrome of a right-to-left UI language (Arabic). */
static void
check_every_screen_inside(int rtl)
{
    static const int sizes[][2] = {{480, 320}, {800, 480}, {1920, 1080}, {480, 800},
                                   {320, 480}, {1080, 1920}, {3840, 2160}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        Ui *ui = rtl ? make_lang("ar", w, h, NSTORIES) : make(w, h, NSTORIES);
        for (int i = 0; i < NSTORIES; i++) {
            check_inside(ui, w, h, "headline");
            key(ui, UI_KEY_RIGHT, 1000 + i * 1000);
            ui_tick(ui, 1000 + i * 1000 + 500);
        }
        key(ui, UI_KEY_ENTER, 10000);
        check_inside(ui, w, h, "article");
        key(ui, UI_KEY_END, 10100);
        check_inside(ui, w, h, "article end");
        key(ui, UI_KEY_ESCAPE, 10200);
        key(ui, UI_KEY_LIST, 10300);
        check_inside(ui, w, h, "list");
        key(ui, UI_KEY_DIAG, 10400);
        check_inside(ui, w, h, "diagnostics");
        ui_free(ui);
        ui = rtl ? make_lang("ar", w, h, 0) : make(w, h, 0);
        check_inside(ui, w, h, "empty");
        UiImport imp = {UI_IMPORT_RUNNING, 40, 120, "", "reading articles/0040.txt"};
        ui_set_import(ui, &imp);
        check_inside(ui, w, h, "import");
        ui_free(ui);
    }
}

/* In a right-to-left UI the kiosk's own words end at the right edge of
 * their column: laid out from the start and mirrored once, not set flush
 * right by the text engine and then mirrored back to the left. */
static void
rtl_ui_diagnostics_end_at_the_right(void **state)
{
    DrawList dl = {0};
    int lines = 0;
    (void)state;
    Ui *ui = make_lang("ar", 800, 480, 3);
    key(ui, UI_KEY_DIAG, 100);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    int right = -1;
    size_t first = 0;
    for (size_t i = 0; i < dl.n; i++)   /* the overlay starts with its dim fill */
        if (dl.ops[i].kind == DRAW_FILL && dl.ops[i].rect.w > 800 && dl.ops[i].rect.h > 480)
            first = i;
    for (size_t i = first; i < dl.n; i++) {
        const DrawOp *op = &dl.ops[i];
        if (op->kind != DRAW_TEXT)
            continue;
        int end = op->rect.x + op->rect.w;
        if (right < 0)
            right = end;
        if (end < 600 || end < right - 2 || end > right + 2)
            fail_msg("expected every line to end at the same x right of 600 (first: %d), one ends at %d: \"%.*s\"",
                     right, end, (int)op->len, op->text);
        lines++;
    }
    assert_true(lines >= 3);
    drawlist_free(&dl);
    ui_free(ui);
}

/* Ops borrow the UI's strings for the frame: the import screen drawn over
 * the headlines must not rewrite the position indicator's text. */
static void
import_over_the_headlines_keeps_the_position_text(void **state)
{
    DrawList dl = {0};
    int found = 0;
    (void)state;
    Ui *ui = make(800, 480, 3);
    ui_set_total_hint(ui, 10000);   /* "1 / 10000", not dots */
    UiImport imp = {UI_IMPORT_RUNNING, 40, 120, "", ""};
    ui_set_import(ui, &imp);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    for (size_t i = 0; i < dl.n; i++) {
        const DrawOp *op = &dl.ops[i];
        if (op->kind == DRAW_TEXT && op->len >= 4 && memcmp(op->text, "1 / ", 4) == 0) {
            if (op->len != 9 || memcmp(op->text, "1 / 10000", 9) != 0)
                fail_msg("expected \"1 / 10000\", got \"%.*s\"", (int)op->len, op->text);
            found = 1;
        }
        if (op->kind == DRAW_TEXT && op->len == 3 && memcmp(op->text, "33%", 3) == 0)
            found |= 2;
    }
    assert_int_equal(found, 3);
    drawlist_free(&dl);
    ui_free(ui);
}

static void
text_stays_inside_the_screen_at_every_size(void **state)
{
    (void)state;
    check_every_screen_inside(0);
}

static void
rtl_text_stays_inside_the_screen_at_every_size(void **state)
{
    (void)state;
    check_every_screen_inside(1);
}

static void
import_screen_shows_progress_then_result(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    UiImport imp = {UI_IMPORT_RUNNING, 30, 120, "", ""};
    ui_set_import(ui, &imp);
    assert_int_equal(ui_screen(ui), UI_SCREEN_IMPORT);
    assert_true(has_text(ui, "30 of 120 articles"));
    DrawList dl = {0};
    ui_draw(ui, &dl);
    int bar = 0;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_FILL && dl.ops[i].color == 0xFFF5B83D)
            bar = dl.ops[i].rect.w;
    drawlist_free(&dl);
    assert_true(bar > 0);
    tap(ui, 400, 240, 100);   /* a running import is not dismissed */
    assert_int_equal(ui_screen(ui), UI_SCREEN_IMPORT);
    imp.state = UI_IMPORT_DONE;
    snprintf(imp.detail, sizeof imp.detail, "Imported 118 articles, skipped 2\nYou can remove the stick now.");
    ui_set_import(ui, &imp);
    assert_true(has_text(ui, "You can remove the stick now."));
    tap(ui, 400, 240, 200);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    ui_free(ui);
}

static void
large_text_and_high_contrast(void **state)
{
    (void)state;
    UiConfig c = config(800, 480);
    c.large_text = 1;
    c.high_contrast = 1;
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    set_headlines(ui, stories, NSTORIES, "");
    ui_tick(ui, 0);
    DrawList dl = {0};
    ui_draw(ui, &dl);
    assert_int_equal(dl.ops[0].color, 0xFF000000);  /* black ground */
    int biggest = 0;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_TEXT) {
            if (FONT_PX(dl.ops[i].font) > biggest)
                biggest = FONT_PX(dl.ops[i].font);
            if (dl.ops[i].color != 0xFFFFFFFF && dl.ops[i].color != 0xFF000000 &&
                dl.ops[i].color != 0xFFFFD400 && dl.ops[i].color != 0xFFE0E0E0)
                fail_msg("high contrast: text colour %08x", (unsigned)dl.ops[i].color);
        }
    drawlist_free(&dl);
    LayoutScale s;
    layout_scale(800, 480, 0, &s);
    assert_true(biggest > s.headline_px);
    ui_free(ui);
}

/* The text op whose bytes are exactly s, or NULL. */
static const DrawOp *
find_text(const DrawList *dl, const char *s)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->ops[i].kind == DRAW_TEXT && dl->ops[i].len == strlen(s) &&
            memcmp(dl->ops[i].text, s, dl->ops[i].len) == 0)
            return &dl->ops[i];
    return NULL;
}

static void
arabic_ui_mirrors_the_back_button_to_the_right(void **state)
{
    (void)state;
    Ui *ui = make_lang("ar", 800, 480, NSTORIES);
    assert_true(i18n_rtl());
    /* the headlines: "All stories" top left, in Arabic */
    DrawList dl = {0};
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    const DrawOp *all = find_text(&dl, "كل الأخبار");
    if (all == NULL)
        fail_msg("expected the Arabic \"All stories\" on the headlines");
    if (all->rect.x + all->rect.w > 400 || !all->rtl)
        fail_msg("expected \"All stories\" right-to-left in the left half, got x %d w %d rtl %d",
                 all->rect.x, all->rect.w, all->rtl);
    const DrawOp *pill = find_text(&dl, "Local");  /* the category, top right */
    assert_non_null(pill);
    if (pill->rect.x < 400)
        fail_msg("expected the category pill in the right half, got x %d", pill->rect.x);
    /* its tap target moved with it */
    tap(ui, all->rect.x + all->rect.w / 2, all->rect.y + 2, 1000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    key(ui, UI_KEY_BACK, 1500);

    tap(ui, 400, 240, 2000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    const DrawOp *back = find_text(&dl, "رجوع");
    if (back == NULL)
        fail_msg("expected the Arabic \"Back\" (رجوع) in the article's DrawList");
    if (back->rect.x < 400 || !back->rtl)
        fail_msg("expected Back right-to-left in the right half, got x %d rtl %d", back->rect.x,
                 back->rtl);
    /* the chevron points right, beside it on the right, drawn as is */
    const DrawOp *chev = find_text(&dl, "\xe2\x80\xba");
    assert_non_null(chev);
    assert_true(chev->rect.x > back->rect.x);
    assert_int_equal(chev->rtl, 0);
    /* the count moved to the left */
    const DrawOp *count = find_text(&dl, "1 / 3");
    assert_non_null(count);
    assert_true(count->rect.x + count->rect.w < 400);
    drawlist_free(&dl);
    /* the top left does nothing now; the top right goes back */
    tap(ui, 20, 20, 3000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    tap(ui, 780, 20, 4000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    ui_free(ui);
}

static void
arabic_ui_swipes_right_for_the_next_story(void **state)
{
    (void)state;
    Ui *ui = make_lang("ar", 800, 480, NSTORIES);
    drag(ui, 100, 240, 600, 240, 1000, 300);   /* a swipe to the right */
    assert_int_equal(ui_story(ui), 1);
    ui_tick(ui, 2000);
    drag(ui, 600, 240, 100, 240, 3000, 300);   /* left goes back */
    assert_int_equal(ui_story(ui), 0);
    ui_tick(ui, 4000);
    key(ui, UI_KEY_LEFT, 5000);                /* the keys turn round too */
    assert_int_equal(ui_story(ui), 1);
    ui_tick(ui, 6000);
    key(ui, UI_KEY_RIGHT, 7000);
    assert_int_equal(ui_story(ui), 0);
    ui_tick(ui, 8000);
    /* in the article, whose end says which way */
    tap(ui, 400, 240, 9000);
    key(ui, UI_KEY_END, 9100);
    assert_true(has_text(ui, "اسحب إلى اليمين"));
    key(ui, UI_KEY_HOME, 9200);
    drag(ui, 100, 240, 600, 240, 10000, 300);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 1);
    ui_free(ui);
}

static void
arabic_ui_mirrors_the_list_and_the_status_line(void **state)
{
    (void)state;
    Ui *ui = make_lang("ar", 800, 480, NSTORIES);
    DrawList dl = {0};
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    const DrawOp *clock = find_text(&dl, "10:00");
    assert_non_null(clock);
    if (clock->rect.x < 400)
        fail_msg("expected the clock at the right of the status line, got x %d", clock->rect.x);
    assert_true(has_text(ui, "الجمعة 10 يناير"));       /* Fri 10 Jan */
    assert_true(has_text(ui, "10 يناير 2025"));          /* the content date */
    key(ui, UI_KEY_LIST, 1000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_text(&dl, "3 أخبار"));          /* 3 stories: the plural */
    /* the categories' colour bars at the right, their labels against them */
    const DrawOp *label = find_text(&dl, "Local");
    assert_non_null(label);
    assert_true(label->rect.x > 400);
    int bar_right = 0;
    for (size_t i = 0; i < dl.n; i++) {
        const DrawOp *op = &dl.ops[i];
        if (op->kind == DRAW_FILL && op->rect.w > 0 && op->rect.w < 20 && op->rect.h > 4 &&
            op->rect.y > 40)
            bar_right |= op->rect.x > 700;
    }
    assert_true(bar_right);
    drawlist_free(&dl);
    ui_free(ui);
}

static void
french_ui_empty_screen_and_dates(void **state)
{
    (void)state;
    Ui *ui = make_lang("fr", 800, 480, 0);
    assert_false(i18n_rtl());
    assert_true(has_text(ui, "Aucune actualité pour l’instant"));
    assert_true(has_text(ui, "clé USB"));
    assert_false(has_text(ui, "No news loaded yet"));
    ui_free(ui);
    ui = make_lang("fr", 800, 480, NSTORIES);
    assert_true(has_text(ui, "10 janv. 2025"));               /* the story's date */
    assert_true(has_text(ui, "ven. 10 janv."));               /* the status line */
    assert_true(has_text(ui, "contenu mis à jour le 10 janv. 2025"));
    assert_true(has_text(ui, "Tous les articles"));
    ui_free(ui);
}

static void
dates_follow_the_language_order(void **state)
{
    (void)state;
    Ui *ui = make_lang("zh_CN", 800, 480, NSTORIES);
    assert_true(has_text(ui, "2025年1月10日"));     /* year, month, day */
    assert_true(has_text(ui, "1月10日 周五"));
    ui_free(ui);
    ui = make_lang("ko", 800, 480, NSTORIES);
    assert_true(has_text(ui, "2025년 1월 10일"));
    ui_free(ui);
    ui = make_lang("ru", 800, 480, NSTORIES);
    assert_true(has_text(ui, "10 янв. 2025"));
    UiImport imp = {UI_IMPORT_RUNNING, 2, 5, "", ""};
    ui_set_import(ui, &imp);
    assert_true(has_text(ui, "2 из 5 новостей"));  /* plural forms by the total */
    ui_free(ui);
}

static void
i18n_works_in_the_c_locale(void **state)
{
    (void)state;
    /* as under systemd or env -i: no LANG, so the C locale; a stray
     * LANGUAGE must not win over ui_lang either */
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C", 1);
    setenv("LANGUAGE", "de", 1);
    assert_int_equal(i18n_init("uk", NULL), K_OK);
    assert_string_equal(_("Back"), "Назад");
    assert_string_equal(i18n_lang(), "uk");
    assert_string_equal(_n("%d story", "%d stories", 5), "%d новин");
    /* switching back is immediate, whatever gettext cached */
    assert_int_equal(i18n_init("en", NULL), K_OK);
    assert_string_equal(_("Back"), "Back");
    assert_int_equal(i18n_init("sw", NULL), K_OK);
    assert_string_equal(_("Back"), "Rudi");
    /* an unknown language or a bad code: English, not mirrored */
    assert_int_equal(i18n_init("xx", NULL), K_ENOTFOUND);
    assert_string_equal(_("Back"), "Back");
    assert_false(i18n_rtl());
    assert_int_equal(i18n_init("../etc", NULL), K_EUSAGE);
    assert_string_equal(_("Back"), "Back");
    /* a region falls back to the language; bare zh is Simplified */
    assert_int_equal(i18n_init("fr_CA", NULL), K_OK);
    assert_string_equal(_("Back"), "Retour");
    assert_int_equal(i18n_init("zh", NULL), K_OK);
    assert_string_equal(_("Back"), "返回");
    assert_true(i18n_lang_rtl("fa") && i18n_lang_rtl("ur_PK") && i18n_lang_rtl("ckb"));
    assert_true(i18n_lang_rtl("ar_EG") && i18n_lang_rtl("he"));
    assert_false(i18n_lang_rtl("en") || i18n_lang_rtl("arn") || i18n_lang_rtl("f"));
}

/* --- one test per screen module (app/core/scr_*.c, overlays.c) ------- */

/* The first text op of dl whose bytes start with prefix, or NULL. */
static const DrawOp *
find_prefix(const DrawList *dl, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < dl->n; i++)
        if (dl->ops[i].kind == DRAW_TEXT && dl->ops[i].len >= n &&
            memcmp(dl->ops[i].text, prefix, n) == 0)
            return &dl->ops[i];
    return NULL;
}

/* Index of that op in dl, or -1. */
static long
text_index(const DrawList *dl, const char *prefix)
{
    const DrawOp *op = find_prefix(dl, prefix);
    return op ? (long)(op - dl->ops) : -1;
}

/* The width of the smallest dot of dl (an unlit one). */
static int
smallest_dot(const DrawList *dl)
{
    int w = 1 << 30;
    for (size_t i = 0; i < dl->n; i++)
        if (dl->ops[i].kind == DRAW_DOT && dl->ops[i].rect.w < w)
            w = dl->ops[i].rect.w;
    return w;
}

/* scr_headlines.c: the loop moves on by itself and the card is the story's. */
static void
scr_headlines_loop_advances_and_the_card_shows_the_story(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    DrawList dl = {0};
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    const DrawOp *title = find_prefix(&dl, "Town library");
    if (title == NULL)
        fail_msg("expected the first story's headline on the card, got none");
    assert_true(FONT_BOLD(title->font));
    assert_null(find_prefix(&dl, "Новостной"));
    /* the lit dot (the bigger one) is the first of three */
    int ndots = 0, lit = -1;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_DOT) {
            if (lit < 0 || dl.ops[i].rect.w > dl.ops[lit].rect.w)
                lit = (int)i;
            ndots++;
        }
    assert_int_equal(ndots, NSTORIES);
    int first_dot = lit;
    while (first_dot > 0 && dl.ops[first_dot - 1].kind == DRAW_DOT)
        first_dot--;
    assert_int_equal(lit - first_dot, 0);
    /* one cycle later, after the slide: the second story alone */
    ui_tick(ui, 8000);
    assert_int_equal(ui_story(ui), 1);
    ui_tick(ui, 8400);
    assert_false(ui_animating(ui));
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    if (find_prefix(&dl, "Новостной") == NULL)
        fail_msg("expected story 1's headline after the cycle, got none");
    assert_null(find_prefix(&dl, "Town library"));
    int pics = 0;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_IMAGE) {
            assert_string_equal(dl.ops[i].text, "images/x.png");
            pics++;
        }
    assert_int_equal(pics, 1);   /* story 1 has a picture, its card shows it */
    /* and the second dot is the lit one */
    for (size_t i = 0, k = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_DOT && k++ == 1)
            assert_true(dl.ops[i].rect.w > smallest_dot(&dl));
    drawlist_free(&dl);
    ui_free(ui);
}

/* scr_article.c: a tap opens the story, it scrolls within bounds, Back
 * returns to the same story on the headlines. */
static void
scr_article_opens_scrolls_and_goes_back(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    DrawList dl = {0};
    tap(ui, 400, 240, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 0);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "Paragraph 0 of a"));
    assert_non_null(find_prefix(&dl, "1 / 3"));     /* the top bar's position */
    assert_non_null(find_prefix(&dl, "Back"));
    assert_null(find_prefix(&dl, "Paragraph 29 of a"));
    assert_true(ui_scroll_max(ui) > 0);
    assert_true(ui_scroll(ui) == 0);
    key(ui, UI_KEY_DOWN, 200);
    double one = ui_scroll(ui);
    assert_true(one > 0);
    key(ui, UI_KEY_END, 300);
    assert_true(ui_scroll(ui) == ui_scroll_max(ui));
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_null(find_prefix(&dl, "Paragraph 0 of a"));
    assert_non_null(find_prefix(&dl, "End of story"));
    /* the story's text is clipped below the top bar */
    assert_int_equal(dl.ops[1].kind, DRAW_CLIP);
    key(ui, UI_KEY_HOME, 400);
    assert_true(ui_scroll(ui) == 0);
    /* Right opens the next story at its top */
    key(ui, UI_KEY_RIGHT, 500);
    assert_int_equal(ui_story(ui), 1);
    assert_true(has_text(ui, "Paragraph 0 of b"));
    assert_true(has_text(ui, "2 / 3"));
    key(ui, UI_KEY_BACK, 600);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_int_equal(ui_story(ui), 1);
    assert_true(ui_scroll(ui) == 0);
    drawlist_free(&dl);
    ui_free(ui);
}

/* scr_list.c: rows under their category in order of first appearance; a
 * tap on a row opens that story, and Back returns to the list. */
static void
scr_list_rows_by_category_and_a_tap_opens_the_right_story(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    DrawList dl = {0};
    key(ui, UI_KEY_LIST, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "3 stories"));
    long local = text_index(&dl, "Local"), a = text_index(&dl, "Town library");
    long c = text_index(&dl, "인터넷"), news = text_index(&dl, "Новости");
    long b = text_index(&dl, "Новостной");
    if (local < 0 || a < 0 || c < 0 || news < 0 || b < 0)
        fail_msg("expected both categories and three rows, got %ld %ld %ld %ld %ld", local, a, c,
                 news, b);
    /* Local (stories a and c), then Новости (story b) */
    assert_true(local < a && a < c && c < news && news < b);
    const DrawOp *row = &dl.ops[b];
    int x = row->rect.x + 5, y = row->rect.y + row->rect.h / 2;
    drawlist_free(&dl);
    tap(ui, x, y, 200);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 1);
    assert_true(has_text(ui, "Paragraph 0 of b"));
    tap(ui, 20, 20, 300);   /* Back */
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    key(ui, UI_KEY_BACK, 400);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    ui_free(ui);
}

/* overlays.c: the import screen's progress, then its result until touched. */
static void
overlays_import_progress_and_result(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    DrawList dl = {0};
    UiImport imp = {UI_IMPORT_RUNNING, 4, 10, "", ""};
    ui_set_import(ui, &imp);
    assert_int_equal(ui_screen(ui), UI_SCREEN_IMPORT);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "Importing news from the USB stick"));
    assert_non_null(find_prefix(&dl, "4 of 10 articles"));
    assert_non_null(find_prefix(&dl, "40%"));
    /* the bar is filled 4/10 of its track */
    int track = 0, done = 0;
    for (size_t i = 1; i + 1 < dl.n; i++)
        if (dl.ops[i].kind == DRAW_FILL && dl.ops[i + 1].kind == DRAW_FILL &&
            dl.ops[i].rect.x == dl.ops[i + 1].rect.x && dl.ops[i].rect.y == dl.ops[i + 1].rect.y &&
            dl.ops[i].rect.h == dl.ops[i + 1].rect.h) {
            track = dl.ops[i].rect.w;
            done = dl.ops[i + 1].rect.w;
        }
    if (track <= 0 || done != track * 4 / 10)
        fail_msg("expected a bar filled 4/10 of its track, got %d of %d", done, track);
    key(ui, UI_KEY_ENTER, 100);    /* progress cannot be dismissed */
    assert_int_equal(ui_screen(ui), UI_SCREEN_IMPORT);
    assert_int_equal(ui_story(ui), 0);
    imp.state = UI_IMPORT_DONE;
    snprintf(imp.detail, sizeof imp.detail, "Imported 10 articles\nYou can remove the stick now.");
    ui_set_import(ui, &imp);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "Import finished"));
    assert_non_null(find_prefix(&dl, "Imported 10 articles"));
    const DrawOp *rm = find_prefix(&dl, "You can remove the stick now.");
    assert_non_null(rm);
    assert_true(FONT_BOLD(rm->font));   /* what the operator waits for stands out */
    assert_null(find_prefix(&dl, "40%"));
    /* the headlines' loop stands still under it */
    ui_tick(ui, 20000);
    assert_int_equal(ui_story(ui), 0);
    key(ui, UI_KEY_ENTER, 20100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    drawlist_free(&dl);
    ui_free(ui);
}

/* overlays.c: the empty screen says why there is nothing and how to load. */
static void
overlays_empty_screen_wording(void **state)
{
    (void)state;
    UiConfig c = config(800, 480);
    Ui *ui = ui_new(&c, &fake_metrics, &host);
    DrawList dl = {0};
    ui_set_clock(ui, 1736503200, 0, 0);
    ui_tick(ui, 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_EMPTY);
    assert_int_equal(ui_story(ui), -1);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "No news loaded yet"));
    assert_non_null(find_prefix(&dl, "To load stories:"));
    assert_non_null(find_prefix(&dl, "1.  On any computer"));
    assert_non_null(find_prefix(&dl, "10:00"));   /* the status line, without a hint */
    ui_set_empty_reason(ui, UI_EMPTY_DAMAGED);
    assert_true(ui_dirty(ui));
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "The stored news was damaged"));
    assert_non_null(find_prefix(&dl, "Insert a stick to load the news again:"));
    ui_set_empty_reason(ui, UI_EMPTY_EXPIRED);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "All stories have expired"));
    assert_non_null(find_prefix(&dl, "To load new stories:"));
    assert_null(find_prefix(&dl, "No news loaded yet"));
    /* nothing to open: taps and keys keep the empty screen */
    tap(ui, 400, 240, 100);
    key(ui, UI_KEY_LIST, 200);
    key(ui, UI_KEY_ENTER, 300);
    assert_int_equal(ui_screen(ui), UI_SCREEN_EMPTY);
    assert_int_equal(key(ui, UI_KEY_ESCAPE, 400), 1);   /* windowed: Escape quits */
    drawlist_free(&dl);
    ui_free(ui);
}

/* overlays.c: diagnostics open over anything (the import too), take every
 * key and tap while open, and close by F1, any key or a tap. */
static void
overlays_diagnostics_open_and_close(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    DrawList dl = {0};
    key(ui, UI_KEY_DIAG, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_DIAG);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    long dim = -1;
    for (size_t i = 0; i < dl.n; i++)
        if (dl.ops[i].kind == DRAW_FILL && dl.ops[i].color == 0xB4000000)
            dim = (long)i;
    assert_true(dim > 0);
    assert_true(text_index(&dl, "Diagnostics") > dim);   /* the panel over the dimmed screen */
    assert_non_null(find_prefix(&dl, "Bundle: test-bundle"));
    assert_non_null(find_prefix(&dl, "Touch to close"));
    key(ui, UI_KEY_RIGHT, 200);     /* closes them, and goes nowhere */
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_int_equal(ui_story(ui), 0);
    key(ui, UI_KEY_DIAG, 300);
    tap(ui, 400, 240, 400);          /* a tap closes them, and opens nothing */
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    key(ui, UI_KEY_DIAG, 500);
    key(ui, UI_KEY_DIAG, 600);       /* F1 again */
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    /* over an import: diagnostics on top, the import back when they close */
    UiImport imp = {UI_IMPORT_DONE, 0, 0, "", "Imported 3 articles"};
    ui_set_import(ui, &imp);
    key(ui, UI_KEY_DIAG, 700);
    assert_int_equal(ui_screen(ui), UI_SCREEN_DIAG);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_true(text_index(&dl, "Import finished") < text_index(&dl, "Diagnostics"));
    key(ui, UI_KEY_ENTER, 800);      /* closes diagnostics only */
    assert_int_equal(ui_screen(ui), UI_SCREEN_IMPORT);
    key(ui, UI_KEY_ENTER, 900);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    drawlist_free(&dl);
    ui_free(ui);
}

/* --- flat in the number of stories ----------------------------------- */

/* A host with as many stories as the test likes, made up from their
 * handles (story i: "Story number i", in "Section i%3"), counting what the
 * UI asks for. */
static int big_asked;

static int
big_headline(void *ctx, int64_t id, UiHeadline *out)
{
    static char sid[32], title[64], cat[32];
    (void)ctx;
    big_asked++;
    snprintf(sid, sizeof sid, "s%lld", (long long)id);
    snprintf(title, sizeof title, "Story number %lld", (long long)id);
    snprintf(cat, sizeof cat, "Section %lld", (long long)(id % 3));
    *out = (UiHeadline){sid, title, "A summary.", "Wire", "2025-01-10", cat, "", "en", "", 0};
    return K_OK;
}

static Ui *
make_big(size_t n)
{
    static const char *const cats[] = {"Section 0", "Section 1", "Section 2"};
    UiHost h = host;
    h.get_headline = big_headline;
    UiConfig c = config(800, 480);
    Ui *ui = ui_new(&c, &fake_metrics, &h);
    UiStory *v = calloc(n, sizeof *v);
    assert_non_null(ui);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = (UiStory){(int64_t)i, cats[i % 3]};
    ui_set_clock(ui, 1736503200, 0, 0);
    assert_int_equal(ui_set_stories(ui, v, n, "2025-01-10"), K_OK);
    free(v);
    ui_tick(ui, 0);
    return ui;
}

/* With 100,000 stories the list lays out a screenful, asking the host for
 * no more headlines than it shows; the groups and the order are right at
 * both ends, and Enter opens the story the selected row shows. */
static void
scr_list_with_100000_stories_lays_out_only_what_shows(void **state)
{
    static char buf[65536];
    (void)state;
    Ui *ui = make_big(100000);
    DrawList dl = {0};
    assert_int_equal(ui_story_count(ui), 100000);
    assert_true(big_asked <= 3);   /* the first card, and the next ones at most */

    big_asked = 0;
    key(ui, UI_KEY_LIST, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    frame_text(ui, &dl, buf, sizeof buf);
    assert_true(big_asked > 0 && big_asked <= 12);
    assert_non_null(strstr(buf, "100000 stories"));
    /* Section 0 first, its rows stories 0, 3, 6 ...; nothing of the others */
    const char *sec = strstr(buf, "Section 0\n"), *s0 = strstr(buf, "Story number 0\n");
    const char *s3 = strstr(buf, "Story number 3\n");
    assert_non_null(sec);
    assert_non_null(s0);
    assert_non_null(s3);
    assert_true(sec < s0 && s0 < s3);
    assert_null(strstr(buf, "Story number 1\n"));
    assert_null(strstr(buf, "Section 1\n"));
    /* the same frame again asks for nothing */
    int asked = big_asked;
    frame_text(ui, &dl, buf, sizeof buf);
    assert_int_equal(big_asked, asked);
    /* every row has a place: the list is as long as 100,000 rows */
    assert_true(ui_scroll_max(ui) > 100000.0 * 20);

    /* End: the last row is story 99998 (the last of Section 2), in view */
    key(ui, UI_KEY_END, 200);
    for (int64_t t = 216; t < 3000; t += 16)
        ui_tick(ui, t);
    big_asked = 0;
    frame_text(ui, &dl, buf, sizeof buf);
    assert_true(big_asked <= 12);
    assert_non_null(strstr(buf, "Story number 99998\n"));
    assert_non_null(strstr(buf, "Story number 99995\n"));
    assert_null(strstr(buf, "Story number 99999\n"));
    key(ui, UI_KEY_ENTER, 3000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), 99998);
    drawlist_free(&dl);
    ui_free(ui);
}

/* A row is where a tap finds it: the middle of the list, by touch. */
static void
scr_list_tap_opens_the_row_under_the_finger_deep_in_a_long_list(void **state)
{
    (void)state;
    Ui *ui = make_big(30000);
    DrawList dl = {0};
    key(ui, UI_KEY_LIST, 100);
    /* to the end, then 100 pages (500 rows) back up: deep in Section 2 */
    key(ui, UI_KEY_END, 200);
    for (int64_t t = 216; t < 2000; t += 16)
        ui_tick(ui, t);
    for (int i = 0; i < 100; i++) {
        key(ui, UI_KEY_PAGEUP, 2000 + i * 40);
        ui_tick(ui, 2000 + i * 40 + 20);
    }
    for (int64_t t = 6000; t < 8000; t += 16)
        ui_tick(ui, t);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    const DrawOp *op = find_prefix(&dl, "Story number ");
    assert_non_null(op);
    char want[32];
    snprintf(want, sizeof want, "%.*s", (int)op->len, op->text);
    long id = strtol(want + strlen("Story number "), NULL, 10);
    if (id % 3 != 2 || id < 25000 || id > 29000)
        fail_msg("expected a row some 500 above the end of Section 2, got \"%s\"", want);
    int x = op->rect.x + 5, y = op->rect.y + op->rect.h / 2;
    drawlist_free(&dl);
    tap(ui, x, y, 8000);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_story(ui), (int)id);
    ui_free(ui);
}

/* A new set while the list shows: the list shows it at once (it asks the
 * host for rows, and the host has only the new stories). */
static void
scr_list_shows_a_new_set_at_once(void **state)
{
    (void)state;
    Ui *ui = make(800, 480, NSTORIES);
    key(ui, UI_KEY_LIST, 100);
    assert_true(has_text(ui, "3 stories"));
    UiHeadline fresh[] = {{"z", "Fresh news from the stick", "New.", "", "", "", "", "", "", 0},
                          {"y", "More fresh news", "New.", "", "", "", "", "", "", 0}};
    assert_int_equal(set_headlines(ui, fresh, 2, "2025-02-01"), K_OK);
    assert_int_equal(ui_screen(ui), UI_SCREEN_LIST);
    assert_true(has_text(ui, "2 stories"));
    assert_true(has_text(ui, "Fresh news from the stick"));
    assert_false(has_text(ui, "Town library"));
    ui_free(ui);
}

/* A story the host no longer has (an import replaced it a moment ago):
 * the card and the article are drawn without its text, never a crash. */
static int
gone_headline(void *ctx, int64_t id, UiHeadline *out)
{
    (void)ctx;
    (void)id;
    (void)out;
    return K_ENOTFOUND;
}

static void
a_story_gone_from_the_host_leaves_an_empty_card(void **state)
{
    (void)state;
    UiHost h = host;
    h.get_headline = gone_headline;
    UiConfig c = config(800, 480);
    Ui *ui = ui_new(&c, &fake_metrics, &h);
    UiStory v[] = {{7, "Local"}, {8, "Local"}};
    DrawList dl = {0};
    assert_non_null(ui);
    assert_int_equal(ui_set_stories(ui, v, 2, ""), K_OK);
    ui_tick(ui, 0);
    assert_int_equal(ui_screen(ui), UI_SCREEN_HEADLINES);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    assert_non_null(find_prefix(&dl, "All stories"));
    tap(ui, 400, 240, 100);
    assert_int_equal(ui_screen(ui), UI_SCREEN_ARTICLE);
    assert_int_equal(ui_draw(ui, &dl), K_OK);
    drawlist_free(&dl);
    ui_free(ui);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(headlines_show_the_first_story_with_chrome),
        cmocka_unit_test(headlines_advance_after_the_cycle_with_a_transition),
        cmocka_unit_test(idle_headlines_sleep_until_the_next_deadline),
        cmocka_unit_test(tap_opens_the_article_and_back_returns),
        cmocka_unit_test(buttons_light_up_under_the_finger),
        cmocka_unit_test(keyboard_works_everywhere),
        cmocka_unit_test(fullscreen_escape_never_quits),
        cmocka_unit_test(swipes_change_the_story),
        cmocka_unit_test(a_dragged_story_follows_the_finger),
        cmocka_unit_test(article_scrolls_with_drag_and_inertia_within_bounds),
        cmocka_unit_test(article_returns_to_headlines_when_idle),
        cmocka_unit_test(list_groups_by_category_and_opens_stories),
        cmocka_unit_test(empty_content_shows_instructions_never_black),
        cmocka_unit_test(empty_screen_says_when_only_signed_sticks_import),
        cmocka_unit_test(first_batch_shows_the_whole_count_from_the_first_frame),
        cmocka_unit_test(live_update_switches_at_the_next_transition),
        cmocka_unit_test(the_rest_of_a_list_extends_the_loop_in_place),
        cmocka_unit_test(missing_article_body_still_shows_the_headline),
        cmocka_unit_test(diagnostics_open_by_f1_or_corner_long_press_and_close_by_themselves),
        cmocka_unit_test(wrong_clock_says_news_as_of),
        cmocka_unit_test(night_dims_or_blanks_and_a_touch_wakes),
        cmocka_unit_test(layout_drifts_a_few_pixels_over_time),
        cmocka_unit_test(text_stays_inside_the_screen_at_every_size),
        cmocka_unit_test(import_over_the_headlines_keeps_the_position_text),
        cmocka_unit_test_teardown(rtl_ui_diagnostics_end_at_the_right, english),
        cmocka_unit_test(import_screen_shows_progress_then_result),
        cmocka_unit_test(large_text_and_high_contrast),
        cmocka_unit_test_teardown(arabic_ui_mirrors_the_back_button_to_the_right, english),
        cmocka_unit_test_teardown(arabic_ui_swipes_right_for_the_next_story, english),
        cmocka_unit_test_teardown(arabic_ui_mirrors_the_list_and_the_status_line, english),
        cmocka_unit_test_teardown(rtl_text_stays_inside_the_screen_at_every_size, english),
        cmocka_unit_test_teardown(french_ui_empty_screen_and_dates, english),
        cmocka_unit_test_teardown(dates_follow_the_language_order, english),
        cmocka_unit_test_teardown(i18n_works_in_the_c_locale, english),
        cmocka_unit_test(scr_headlines_loop_advances_and_the_card_shows_the_story),
        cmocka_unit_test(scr_article_opens_scrolls_and_goes_back),
        cmocka_unit_test(scr_list_rows_by_category_and_a_tap_opens_the_right_story),
        cmocka_unit_test(scr_list_with_100000_stories_lays_out_only_what_shows),
        cmocka_unit_test(scr_list_tap_opens_the_row_under_the_finger_deep_in_a_long_list),
        cmocka_unit_test(scr_list_shows_a_new_set_at_once),
        cmocka_unit_test(a_story_gone_from_the_host_leaves_an_empty_card),
        cmocka_unit_test(overlays_import_progress_and_result),
        cmocka_unit_test(overlays_empty_screen_wording),
        cmocka_unit_test(overlays_diagnostics_open_and_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
