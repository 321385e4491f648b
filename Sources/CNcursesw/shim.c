#include "CNcursesw.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static int have_termios = 0;
static volatile sig_atomic_t curses_on = 0;

/* Async-signal-safe restore: put back the saved termios and leave the alternate screen with
   raw writes, since endwin is not safe inside a signal handler. */
static void restore_raw(void) {
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";
    if (have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    ssize_t n = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
    (void)n;
}

static void on_fatal(int sig) {
    if (curses_on) { restore_raw(); curses_on = 0; }
    signal(sig, SIG_DFL);
    raise(sig);
}

void herd_term_prepare(void) {
    setlocale(LC_ALL, "");
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_termios = 1;
    int sigs[] = {SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGINT, SIG_IGN);
    atexit(herd_term_restore);
}

int herd_term_start(int escdelay_ms) {
    set_escdelay(escdelay_ms);
    if (initscr() == NULL) return -1;
    curses_on = 1;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    return 0;
}

void herd_term_restore(void) {
    if (!curses_on) return;
    curses_on = 0;
    endwin();
    if (have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

int herd_term_read(wint_t *ch) {
    return wget_wch(stdscr, ch);
}

void herd_term_put(int y, int x, const char *utf8, short pair, int attrs) {
    wchar_t wbuf[CCHARW_MAX + 1];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const char *src = utf8;
    size_t n = mbsrtowcs(wbuf, &src, CCHARW_MAX, &st);
    if (n == (size_t)-1 || n == 0) { wbuf[0] = L'?'; n = 1; }
    wbuf[n] = 0;
    cchar_t cc;
    if (setcchar(&cc, wbuf, (attr_t)attrs, pair, NULL) == OK) {
        mvadd_wch(y, x, &cc);
    }
}

int herd_term_wheel(void) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    if (ev.bstate & BUTTON4_PRESSED) return 1;
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) return -1;
#endif
    return 0;
}

int herd_term_define_color(short slot, short r, short g, short b) {
    if (!can_change_color() || slot >= COLORS) return 0;
    return init_color(slot, r, g, b) == OK;
}

int herd_term_colors(void) { return has_colors() ? COLORS : 0; }
int herd_term_can_change_color(void) { return can_change_color(); }
void herd_term_init_pair(short pair, short fg, short bg) { init_pair(pair, fg, bg); }
int herd_term_key_code(const char *seq) { int k = key_defined(seq); return k > 0 ? k : 0; }
void herd_term_write_raw(const char *bytes, int len) {
    ssize_t n = write(STDOUT_FILENO, bytes, (size_t)len);
    (void)n;
}
int herd_term_attr_bold(void) { return A_BOLD; }
int herd_term_attr_dim(void) { return A_DIM; }
int herd_term_attr_italic(void) { return A_ITALIC; }
int herd_term_attr_underline(void) { return A_UNDERLINE; }
int herd_term_attr_reverse(void) { return A_REVERSE; }
int herd_term_key_resize(void) { return KEY_RESIZE; }
int herd_term_key_mouse(void) { return KEY_MOUSE; }
int herd_term_cols(void) { return COLS; }
int herd_term_lines(void) { return LINES; }
void herd_term_clear_all(void) { clearok(stdscr, TRUE); }
