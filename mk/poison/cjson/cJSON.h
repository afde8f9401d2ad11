/* A seam guard (see Makefile, scripts/check-seams.sh): this file is on the
 * include path of every module that may not use cJSON, ahead of the
 * real header. */
#error "cJSON is for app/bundle/manifest.c and app/press/jsonfeed.c only (scripts/check-seams.sh)"
