/* A seam guard (see Makefile, scripts/check-seams.sh): this file is on the
 * include path of every module that may not use libsodium, ahead of the
 * real header. */
#error "libsodium is for app/bundle/sign.c only (scripts/check-seams.sh)"
