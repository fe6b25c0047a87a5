#pragma once

// A tiny HTTP/1.1 server on 127.0.0.1 for download tests: serves byte strings by path, answers Range
// requests (or ignores them), and can cut or hold the next response part-way. It runs on its own
// thread with plain POSIX sockets, one connection at a time, "Connection: close" on every answer.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fbtest {

class LocalHttpServer {
public:
    /// What the server saw of one request.
    struct Request {
        std::string method;
        std::string path;
        std::string range; ///< the Range header's value, empty when none was sent
        int status = 0;    ///< what the server answered
    };

    LocalHttpServer(); ///< listens on an ephemeral port of 127.0.0.1 at once
    ~LocalHttpServer();
    LocalHttpServer(const LocalHttpServer&) = delete;
    LocalHttpServer& operator=(const LocalHttpServer&) = delete;

    bool isListening() const { return port_ != 0; }
    std::string url(const std::string& path) const; ///< "http://127.0.0.1:PORT" + path

    void serve(const std::string& path, const std::string& body);
    /// Off: Range headers are ignored and every answer is 200 with the whole body.
    void setRangeSupport(bool on);
    /// The next body response sends its headers (with the full length), `bytes` of the body, then closes.
    void dropNextResponseAfter(int64_t bytes);
    /// The next body response sends `bytes` of the body and then waits, sending nothing more, until the
    /// client closes the connection (or the server is destroyed): a transfer to cancel.
    void holdNextResponseAfter(int64_t bytes);

    std::vector<Request> requests() const;

private:
    void run();
    void handle(int client);

    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::map<std::string, std::string> bodies_;
    bool rangeSupport_ = true;
    int64_t dropAfter_ = -1;
    int64_t holdAfter_ = -1;
    std::vector<Request> requests_;
    std::thread thread_;
};

} // namespace fbtest
