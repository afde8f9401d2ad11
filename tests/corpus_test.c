/* SPDX-License-Identifier: MIT
 * corpus_test.c - replays every input kept under tests/corpus/ (fuzzer
 * finds and hand-made edge cases) through the fuzz targets' invariants,
 * so what once crashed is checked forever, with or without clang. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int fuzz_article_one(const uint8_t *data, size_t size);
int fuzz_manifest_one(const uint8_t *data, size_t size);

#define LLVMFuzzerTestOneInput fuzz_article_one
#include "fuzz/fuzz_article.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_manifest_one
#include "fuzz/fuzz_manifest.c"
#undef LLVMFuzzerTestOneInput

static int
replay(const char *folder, int (*fn)(const uint8_t *, size_t))
{
    char path[1024];
    DIR *d = opendir(folder);
    struct dirent *de;
    int n = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", folder, de->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        fn(buf, len);
        n++;
    }
    closedir(d);
    return n;
}

static void
article_corpus_replays(void **state)
{
    (void)state;
    assert_true(replay("tests/corpus/article", fuzz_article_one) > 0);
}

static void
manifest_corpus_replays(void **state)
{
    (void)state;
    assert_true(replay("tests/corpus/manifest", fuzz_manifest_one) > 0);
    assert_true(replay("tests/corpus/sig", fuzz_manifest_one) > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(article_corpus_replays),
        cmocka_unit_test(manifest_corpus_replays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
