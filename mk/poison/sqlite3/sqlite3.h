/* A seam guard (see Makefile, scripts/check-seams.sh): this file is on the
 * include path of every module that may not use sqlite3, ahead of the
 * real header. */
#error "sqlite3 is for app/store only (scripts/check-seams.sh)"
