// cmark-gfm, GitHub's CommonMark parser (Debian: libcmark-gfm-dev), for HerdTUI's markdown.
#include <cmark-gfm.h>
