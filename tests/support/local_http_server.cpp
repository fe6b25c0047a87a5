#include "local_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace fbtest {

namespace {

bool sendAll(int socket, const char* data, size_t size)
{
    while (size > 0) {
        const ssize_t sent = ::send(socket, data, size, MSG_NOSIGNAL);
        if (sent <= 0)
            return false;
        data += sent;
        size -= static_cast<size_t>(sent);
    }
    return true;
}

/// Reads the request head (up to the blank line); empty when the client went away first.
std::string readHead(int socket)
{
    std::string head;
    char buffer[1024];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        const ssize_t got = ::recv(socket, buffer, sizeof buffer, 0);
        if (got <= 0)
            return {};
        head.append(buffer, static_cast<size_t>(got));
    }
    return head;
}

std::string headerValue(const std::string& head, const char* name)
{
    size_t lineStart = head.find("\r\n");
    while (lineStart != std::string::npos && lineStart + 2 < head.size()) {
        const size_t begin = lineStart + 2;
        const size_t end = head.find("\r\n", begin);
        const std::string line = head.substr(begin, end - begin);
        const size_t colon = line.find(':');
        if (colon != std::string::npos && colon == std::strlen(name) && strncasecmp(line.c_str(), name, colon) == 0)
            return line.substr(line.find_first_not_of(' ', colon + 1));
        lineStart = end;
    }
    return {};
}

/// Waits until the client closes the connection or `stop` is set.
void waitForClose(int socket, const std::atomic<bool>& stop)
{
    char buffer[256];
    while (!stop) {
        pollfd entry{socket, POLLIN, 0};
        if (::poll(&entry, 1, 50) > 0 && ::recv(socket, buffer, sizeof buffer, 0) <= 0)
            return;
    }
}

} // namespace

LocalHttpServer::LocalHttpServer()
{
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 8) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return; // isListening() stays false
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

LocalHttpServer::~LocalHttpServer()
{
    stop_ = true;
    if (thread_.joinable())
        thread_.join();
    if (listener_ >= 0)
        ::close(listener_);
}

std::string LocalHttpServer::url(const std::string& path) const
{
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void LocalHttpServer::serve(const std::string& path, const std::string& body)
{
    std::lock_guard<std::mutex> lock(mutex_);
    bodies_[path] = body;
}

void LocalHttpServer::setRangeSupport(bool on)
{
    std::lock_guard<std::mutex> lock(mutex_);
    rangeSupport_ = on;
}

void LocalHttpServer::dropNextResponseAfter(int64_t bytes)
{
    std::lock_guard<std::mutex> lock(mutex_);
    dropAfter_ = bytes;
}

void LocalHttpServer::holdNextResponseAfter(int64_t bytes)
{
    std::lock_guard<std::mutex> lock(mutex_);
    holdAfter_ = bytes;
}

std::vector<LocalHttpServer::Request> LocalHttpServer::requests() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
}

void LocalHttpServer::run()
{
    while (!stop_) {
        pollfd entry{listener_, POLLIN, 0};
        if (::poll(&entry, 1, 50) <= 0)
            continue;
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        handle(client);
        ::close(client);
    }
}

void LocalHttpServer::handle(int client)
{
    const std::string head = readHead(client);
    if (head.empty())
        return;
    Request request;
    char method[16] = {}, path[2048] = {};
    std::sscanf(head.c_str(), "%15s %2047s", method, path);
    request.method = method;
    request.path = path;
    request.range = headerValue(head, "Range");

    std::string body;
    bool found = false, ranges = false;
    int64_t dropAfter = -1, holdAfter = -1;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto entry = bodies_.find(request.path);
        found = entry != bodies_.end();
        if (found) {
            body = entry->second;
            std::swap(dropAfter, dropAfter_);
            std::swap(holdAfter, holdAfter_);
        }
        ranges = rangeSupport_;
    }

    std::string status = "200 OK", extra;
    int64_t start = 0;
    const auto size = static_cast<int64_t>(body.size());
    long long rangeStart = -1;
    if (!found) {
        status = "404 Not Found";
        body = "no such file\n";
    } else if (ranges && std::sscanf(request.range.c_str(), "bytes=%lld-", &rangeStart) == 1) {
        if (rangeStart >= size) {
            status = "416 Range Not Satisfiable";
            extra = "Content-Range: bytes */" + std::to_string(size) + "\r\n";
            body.clear();
        } else {
            status = "206 Partial Content";
            start = rangeStart;
            extra = "Content-Range: bytes " + std::to_string(start) + "-" + std::to_string(size - 1) + "/" +
                    std::to_string(size) + "\r\n";
        }
    }
    request.status = std::stoi(status);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(request);
    }
    const std::string payload = body.substr(static_cast<size_t>(start));
    const std::string response = "HTTP/1.1 " + status + "\r\nContent-Type: application/octet-stream\r\n" +
                                 (ranges ? "Accept-Ranges: bytes\r\n" : "") + extra +
                                 "Content-Length: " + std::to_string(payload.size()) + "\r\nConnection: close\r\n\r\n";
    if (!sendAll(client, response.data(), response.size()) || request.method == "HEAD")
        return;
    const int64_t cut = dropAfter >= 0 ? dropAfter : holdAfter;
    const size_t sendBytes = cut >= 0 ? std::min(payload.size(), static_cast<size_t>(cut)) : payload.size();
    if (!sendAll(client, payload.data(), sendBytes))
        return;
    if (holdAfter >= 0)
        waitForClose(client, stop_);
    // A drop: return and let run() close the socket before the promised length was sent.
}

} // namespace fbtest
