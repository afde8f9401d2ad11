/* SPDX-License-Identifier: MIT
 *
 * sdlfloor.c - the floor for make bench: a bare SDL2 window that paints
 * itself the kiosk's background colour once and then sleeps until closed.
 * The same renderer choice as newskiosk on X11 (the software renderer
 * straight to the window, no OpenGL), so the difference between this row
 * and newskiosk's is what newskiosk itself costs: fonts, text, the store,
 * the UI, the headlines.
 *
 *   sdlfloor [WIDTH HEIGHT]
 *
 * It links SDL2 only (not SDL2_ttf, SDL2_image, SQLite), so its libraries
 * are SDL's. Exits 0 on SIGTERM/SIGINT or a window close, 1 on failure.
 */
#include <SDL.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    int w = argc > 2 ? atoi(argv[1]) : 800, h = argc > 2 ? atoi(argv[2]) : 480;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Event e;

    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        SDL_Log("sdlfloor: %s", SDL_GetError());
        return 1;
    }
    win = SDL_CreateWindow("sdlfloor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                           SDL_WINDOW_SHOWN);
    ren = win ? SDL_CreateRenderer(win, -1, 0) : NULL;
    if (ren == NULL) {
        SDL_Log("sdlfloor: %s", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    for (;;) {
        SDL_SetRenderDrawColor(ren, 0x13, 0x16, 0x1d, 0xff);
        SDL_RenderClear(ren);
        SDL_RenderPresent(ren);
        /* sleep until something happens: a redraw on expose, out on quit */
        for (;;) {
            if (!SDL_WaitEvent(&e) || e.type == SDL_QUIT)
                goto out;
            if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_EXPOSED)
                break;
        }
    }
out:
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return 0;
}
