#ifndef HERD_CNCURSESW_H
#define HERD_CNCURSESW_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// Sets the locale from the environment, remembers the terminal's modes and installs handlers
/// so that SIGTERM, SIGHUP, SIGQUIT and crash signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE)
/// restore the terminal before the process ends. Call before initscr.
void herd_term_prepare(void);
/// Starts curses: raw keys, no echo, keypad, short ESC delay, mouse wheel, colours. Returns 0 on success.
int herd_term_start(int escdelay_ms);
/// Restores the terminal (idempotent, safe to call more than once).
void herd_term_restore(void);
/// Reads one key without blocking: returns ERR when none, OK with *ch set for a character,
/// KEY_CODE_YES with *ch set for a function key.
int herd_term_read(wint_t *ch);
/// Draws a UTF-8 grapheme cluster at (y, x) with colour pair and attributes.
void herd_term_put(int y, int x, const char *utf8, short pair, int attrs);
/// Mouse wheel: returns 1 for up, -1 for down, 0 for anything else, after KEY_MOUSE.
int herd_term_wheel(void);
/// Defines a colour (0..1000 components) if the terminal allows it; returns 1 on success.
int herd_term_define_color(short slot, short r, short g, short b);
int herd_term_colors(void);
int herd_term_can_change_color(void);
void herd_term_init_pair(short pair, short fg, short bg);
/// The key code ncurses assigned to an escape sequence, or 0 when none.
int herd_term_key_code(const char *seq);
/// Writes raw bytes to the terminal (for OSC 52, which Herd builds itself).
void herd_term_write_raw(const char *bytes, int len);
int herd_term_attr_bold(void);
int herd_term_attr_dim(void);
int herd_term_attr_italic(void);
int herd_term_attr_underline(void);
int herd_term_attr_reverse(void);
int herd_term_key_resize(void);
int herd_term_key_mouse(void);

int herd_term_cols(void);
int herd_term_lines(void);
/// Forces a full redraw on the next refresh.
void herd_term_clear_all(void);
#endif
