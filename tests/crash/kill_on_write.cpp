// LD_PRELOAD driver of the crash harness (tests/crash/README.md): kills its process with SIGKILL
// in the Nth write() to a file whose path contains a given text, after half its bytes, so that a
// kill lands exactly mid-checkpoint, mid-metrics-append or mid-unpack, which kills at random
// moments reach only by luck. Half a write is what a real kill -9 leaves too: Linux stops a large
// write to a file between pages when a fatal signal is pending and returns the part written.
//
//   FLIPBENCH_KILL_ON_WRITE=TEXT:N   kill before the Nth write() to a path containing TEXT
//   FLIPBENCH_KILL_ON_WRITE=TEXT:0   only count them; the count is written to
//   FLIPBENCH_WRITE_COUNT_FILE       at exit (how the harness learns the range to draw N from)
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <string>
#include <sys/uio.h>
#include <unistd.h>

namespace {

using WriteFunction = ssize_t (*)(int, const void*, size_t);
using WritevFunction = ssize_t (*)(int, const struct iovec*, int);

struct Trigger {
    std::string text;
    long target = -1; // -1: inactive, 0: count only
    std::atomic<long> seen{0};

    Trigger()
    {
        const char* spec = std::getenv("FLIPBENCH_KILL_ON_WRITE");
        if (!spec)
            return;
        const char* colon = std::strrchr(spec, ':');
        if (!colon)
            return;
        text.assign(spec, colon);
        target = std::strtol(colon + 1, nullptr, 10);
    }
};

Trigger& trigger()
{
    static Trigger instance;
    return instance;
}

bool matches(int fd, const std::string& text)
{
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char path[4096];
    const ssize_t length = ::readlink(link, path, sizeof path - 1);
    if (length <= 0)
        return false;
    path[length] = '\0';
    return std::strstr(path, text.c_str()) != nullptr;
}

WriteFunction realWrite()
{
    static const auto real = reinterpret_cast<WriteFunction>(::dlsym(RTLD_NEXT, "write"));
    return real;
}

/// Counts a write of `bytes` (the first `first` of them in one piece) to fd; at the chosen one,
/// writes half of that piece and kills the process.
void countWrite(int fd, const void* first, size_t firstBytes)
{
    Trigger& t = trigger();
    if (t.target < 0 || fd <= 2 || !matches(fd, t.text))
        return;
    const long n = ++t.seen;
    if (t.target == 0) {
        // The count is kept current at every write: a program may end with _exit(), which runs no
        // destructor (Qt's report does).
        static const int countFd = [] {
            const char* countFile = std::getenv("FLIPBENCH_WRITE_COUNT_FILE");
            return countFile ? ::open(countFile, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
        }();
        char text[32];
        const int length = std::snprintf(text, sizeof text, "%-20ld\n", n);
        if (countFd >= 0)
            ::pwrite(countFd, text, static_cast<size_t>(length), 0);
    }
    if (t.target > 0 && n == t.target) {
        realWrite()(fd, first, firstBytes / 2);
        ::raise(SIGKILL);
    }
}

} // namespace

// libstdc++'s ofstream writes with write() and, when its buffer and new data go out together,
// with writev(); both are counted.
extern "C" ssize_t write(int fd, const void* buffer, size_t count)
{
    countWrite(fd, buffer, count);
    return realWrite()(fd, buffer, count);
}

// glibc's stdio (fwrite, what libcurl's file writes go through) calls its own write, not the
// symbol above.
extern "C" size_t fwrite(const void* buffer, size_t size, size_t count, FILE* stream)
{
    using FwriteFunction = size_t (*)(const void*, size_t, size_t, FILE*);
    static const auto real = reinterpret_cast<FwriteFunction>(::dlsym(RTLD_NEXT, "fwrite"));
    Trigger& t = trigger();
    const int fd = ::fileno(stream);
    if (t.target > 0 && fd > 2 && matches(fd, t.text) && t.seen + 1 == t.target) {
        ++t.seen;
        real(buffer, size, count / 2, stream);
        std::fflush(stream);
        ::raise(SIGKILL);
    }
    if (t.target >= 0 && fd > 2 && matches(fd, t.text) && t.target == 0)
        countWrite(fd, buffer, 0);
    else if (t.target > 0 && fd > 2 && matches(fd, t.text))
        ++t.seen;
    return real(buffer, size, count, stream);
}

extern "C" ssize_t writev(int fd, const struct iovec* iov, int iovcnt)
{
    static const auto real = reinterpret_cast<WritevFunction>(::dlsym(RTLD_NEXT, "writev"));
    if (iovcnt > 0)
        countWrite(fd, iov[0].iov_base, iov[0].iov_len);
    return real(fd, iov, iovcnt);
}
