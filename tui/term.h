/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * term.h - taking the terminal over and giving it back: curses set-up, the
 * restore sequence prepared in advance, and the fatal-signal and atexit()
 * paths that restore it (term__restore_now(); tui.h's tui__emergency_restore()).
 * One terminal at a time (the state is process-wide). Not for use outside
 * tui/.
 */
#ifndef SCHEDVIZ_TUI_TERM_H
#define SCHEDVIZ_TUI_TERM_H

#include <curses.h>
#include <stdbool.h>

/*
 * Restore the terminal now, without freeing anything: the attributes,
 * cursor, keypad and mouse modes, the main screen, and the termios saved
 * at term__take(). Async-signal-safe (write() and tcsetattr() only);
 * idempotent; does nothing when no terminal was taken.
 */
void term__restore_now(void);

/* Is the locale's codeset UTF-8? Sets LC_CTYPE from the environment if the caller set none. */
bool term__locale_utf8(void);

/*
 * Take stdin/stdout over with curses (keys without echo, keypad, no
 * blocking, hidden cursor) and install the restore handlers where nobody
 * else installed one. Returns 0 and *screen, or -EINVAL (TERM unusable:
 * unknown, or no cursor addressing, as TERM=dumb), the terminal untouched.
 */
int term__take(SCREEN **screen);

/*
 * Prepare the bytes term__restore_now() writes (attributes, cursor,
 * keypad, mouse reporting when `mouse`, the alternate screen), from
 * terminfo. Call once curses modes are set.
 */
void term__prepare_restore(bool mouse);

/* Give the terminal back (endwin) and remove the handlers. NULL-safe. */
void term__release(SCREEN *screen, bool mouse);

/*
 * Has the terminal been resized without a KEY_RESIZE reaching us yet? If
 * so, tells curses and returns true with the new *rows and *cols.
 */
bool term__resized(int *rows, int *cols);

#endif
