#include "tui/dashboard_sink.h"

#include <curses.h>
#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstring>
#include <string>

#include "core/error.h"
#include "output/text_view.h"
#include "sinks/terminal_width.h"
#include "tui/dashboard_layout.h"
#include "tui/key_handling.h"

namespace netmon::tui {

namespace {

// What a fatal signal handler needs to give the terminal back, prepared
// while curses starts: only async-signal-safe calls run in the handler.
struct CrashRestore {
    std::atomic<bool> active{false};
    termios saved{};
    char leave[128] = {}; // leave the alternate screen, show the cursor
    size_t leave_len = 0;
};
CrashRestore g_restore;

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

void restore_on_crash(int sig)
{
    if (g_restore.active.exchange(false)) {
        ssize_t ignored = write(STDOUT_FILENO, g_restore.leave, g_restore.leave_len);
        (void)ignored;
        tcsetattr(STDOUT_FILENO, TCSANOW, &g_restore.saved);
    }
    signal(sig, SIG_DFL);
    raise(sig); // die as we would have, core dump included
}

// Before initscr(): curses changes the terminal's mode as it starts (cbreak,
// no echo, no CR/NL mapping), and a crash must give back the mode from
// before. curses drives the terminal through stdout.
void save_terminal_mode() { tcgetattr(STDOUT_FILENO, &g_restore.saved); }

// A terminfo capability, or `fallback` where the terminal has none.
std::string capability(const char *name, const char *fallback)
{
    const char *value = tigetstr(const_cast<char *>(name));
    // (char *)-1 is terminfo's documented "not a string capability".
    return value && value != reinterpret_cast<char *>(-1) // NOLINT(performance-no-int-to-ptr)
               ? value
               : fallback;
}

// After initscr(), once terminfo is loaded: what undoes curses' screen —
// keypad transmit off, the alternate screen left, the cursor shown.
void install_crash_restore()
{
    std::string leave = capability("rmkx", "") + capability("rmcup", "\x1b[?1049l") +
                        capability("cnorm", "\x1b[?25h") + capability("sgr0", "\x1b[0m") + "\r\n";
    leave = leave.substr(0, sizeof g_restore.leave - 1);
    std::memcpy(g_restore.leave, leave.data(), leave.size());
    g_restore.leave_len = leave.size();
    struct sigaction sa {};
    sa.sa_handler = restore_on_crash;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (int sig : kFatalSignals)
        sigaction(sig, &sa, nullptr);
    g_restore.active = true;
}

int translate_key(int ch)
{
    switch (ch) {
    case KEY_LEFT:
        return kKeyLeft;
    case KEY_RIGHT:
        return kKeyRight;
    case KEY_UP:
        return kKeyUp;
    case KEY_DOWN:
        return kKeyDown;
    case KEY_BTAB:
        return kKeyBackTab;
    case KEY_BACKSPACE:
        return kKeyBackspace;
    case KEY_ENTER:
        return kKeyEnter;
    default:
        return ch;
    }
}

int attributes(LineStyle style)
{
    switch (style) {
    case LineStyle::Title:
        return A_REVERSE;
    case LineStyle::Heading:
        return A_BOLD;
    case LineStyle::Warning:
        return A_BOLD | (has_colors() ? COLOR_PAIR(1) : 0);
    case LineStyle::Normal:
        break;
    }
    return A_NORMAL;
}

} // namespace

DashboardSink::DashboardSink(size_t top_n)
    : top_n_(top_n), out_(STDOUT_FILENO, "dashboard"),
      wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), services_(ServiceNames::load())
{
    if (!wake_)
        throw Error(errno_message("cannot create an eventfd", -errno));
}

DashboardSink::~DashboardSink() { stop_screen(); }

void DashboardSink::start()
{
    // Curses starts with the first snapshot, once attaching succeeded: an
    // error before it is printed on the normal screen.
    screen_ = std::thread([this] {
        // Signals belong to the run's signalfd, except the fatal ones,
        // which must reach the handler that restores the terminal.
        sigset_t mask;
        sigfillset(&mask);
        for (int sig : kFatalSignals)
            sigdelset(&mask, sig);
        pthread_sigmask(SIG_BLOCK, &mask, nullptr);
        screen_loop();
    });
}

void DashboardSink::consume(const SnapshotPtr &snapshot)
{
    if (snapshot->kind == Snapshot::Kind::Final) {
        stop_screen();
        // The summary stays on the normal screen after the run, as with --plain.
        out_.write_all(
            render_text(*snapshot, {.top_n = top_n_, .width = text_width_for(STDOUT_FILENO)}) +
            "\n");
        return;
    }
    if (!screen_.joinable())
        start();
    {
        std::lock_guard lock(mu_);
        pending_ = snapshot;
    }
    const uint64_t one = 1;
    ssize_t ignored = write(wake_.get(), &one, sizeof one);
    (void)ignored;
}

void DashboardSink::close() { stop_screen(); }

void DashboardSink::stop_screen()
{
    if (!screen_.joinable())
        return;
    {
        std::lock_guard lock(mu_);
        ending_ = true;
    }
    const uint64_t one = 1;
    ssize_t ignored = write(wake_.get(), &one, sizeof one);
    (void)ignored;
    screen_.join();
}

void DashboardSink::screen_loop()
{
    // Multibyte characters need the locale's ctype; numbers keep the "C"
    // locale's decimal point (the JSON and text views rely on it).
    std::setlocale(LC_CTYPE, "");
    view_.unicode = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

    // ncurses installs handlers for SIGINT and SIGTERM that exit; the run
    // handles those through its signalfd, so keep whatever was there.
    struct sigaction old_int {
    }, old_term{};
    sigaction(SIGINT, nullptr, &old_int);
    sigaction(SIGTERM, nullptr, &old_term);
    save_terminal_mode();
    initscr();
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    install_crash_restore();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(1, COLOR_RED, -1);
    }

    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_.get(), POLLIN, 0}};
        // The timeout lets a resize (SIGWINCH, caught by ncurses on
        // another thread) show up through getch() within a moment.
        poll(fds, 2, 200);
        uint64_t count;
        ssize_t ignored = read(wake_.get(), &count, sizeof count);
        (void)ignored;
        SnapshotPtr arrived;
        {
            std::lock_guard lock(mu_);
            if (ending_)
                break;
            arrived = std::move(pending_);
            pending_.reset();
        }
        bool dirty = false;
        if (arrived) {
            history_.record(*arrived);
            if (!view_.paused || !shown_) {
                // Something printed on stderr (a notice) may have scribbled
                // over the screen: repaint all of it then.
                if (!arrived->notices.empty())
                    clearok(curscr, TRUE);
                shown_ = arrived;
                dirty = true;
            }
        }
        int ch;
        while ((ch = getch()) != ERR) {
            if (ch == KEY_RESIZE) {
                dirty = true;
                continue;
            }
            switch (handle_key(view_, translate_key(ch))) {
            case KeyResult::Quit:
                if (!quit_sent_ && stop_run_)
                    stop_run_();
                quit_sent_ = true;
                break;
            case KeyResult::Changed:
                dirty = true;
                break;
            case KeyResult::Ignored:
                break;
            }
        }
        if (dirty)
            draw();
    }
    endwin();
    g_restore.active = false;
}

void DashboardSink::draw()
{
    if (!shown_)
        return;
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    if (rows <= 0 || cols <= 0)
        return;
    const auto lines = layout_dashboard(*shown_, history_, view_, services_,
                                        static_cast<size_t>(cols), static_cast<size_t>(rows));
    for (int y = 0; y < rows; y++) {
        move(y, 0);
        if (static_cast<size_t>(y) < lines.size()) {
            attrset(attributes(lines[y].style));
            addstr(lines[y].text.c_str());
            if (lines[y].style == LineStyle::Title) {
                // A title bar spans the width.
                int cy, cx;
                getyx(stdscr, cy, cx);
                (void)cy;
                for (int x = cx; x < cols; x++)
                    addch(' ');
            }
            attrset(A_NORMAL);
        }
        clrtoeol();
    }
    // Only the cells that changed go out: ncurses compares with curscr.
    refresh();
}

} // namespace netmon::tui
