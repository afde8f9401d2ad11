/* A seam guard (see Makefile, scripts/check-seams.sh): this file is on the
 * include path of every module that may not use SDL, ahead of the
 * real header. */
#error "SDL is for app/plat only (scripts/check-seams.sh)"
